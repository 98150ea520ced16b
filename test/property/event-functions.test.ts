import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { AlarmParseError, parseAlarmEvent } from '../../commands/alarms/notification';
import { handler as alarmEventsHandler } from '../../functions/alarm-events';
import { handler as deployEventsHandler } from '../../functions/deploy-events';
import { lambdaContext, useHarness } from '../integration/harness';
import { eventBridgeAlarm, snsHttpAlarm, snsLambdaAlarm } from '../unit/alarms/payloads';
import { trackAwsCalls } from './support/aws-calls';
import { runs } from './support/budget';
import { checkProperty } from './support/fc-run';
import { EVIL_MARKUP, huge, token } from './support/hostile';
import { sentMessageProblems } from './support/inspect';
import { TargetWorld } from './support/world';

/**
 * Malformed EventBridge and SNS events for deployEvents and alarmEvents: the real payloads AWS sends
 * (test/fixtures/payloads), some moved to a configured account so they route, then fields deleted, retyped or
 * replaced with hostile text (inside SNS's JSON `Message` string too), and arbitrary JSON.
 */
type Json = unknown;
const PAYLOADS = join(__dirname, '..', 'fixtures', 'payloads');
const real = readdirSync(PAYLOADS)
  .filter((name) => /^(eventbridge|sns-|lambda-alarm|sqs)__.*\.json$/.test(name))
  .map((name) => JSON.parse(readFileSync(join(PAYLOADS, name), 'utf8')) as Json);
const PROD = { account: '111111111111', region: 'ap-northeast-2', name: 'edu-web-prod-cpu-high' };
const routed = [
  eventBridgeAlarm('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json', PROD),
  eventBridgeAlarm('eventbridge__cw-alarm-state-change__metric-math__aws-docs.json', {
    ...PROD,
    name: 'edu-web-prod-5xx',
  }),
  eventBridgeAlarm('eventbridge__cw-alarm-state-change__composite-with-suppressor__aws-docs.json', {
    ...PROD,
    name: 'edu-web-prod-composite',
  }),
  snsLambdaAlarm('sns-lambda__cw-alarm__single-metric-networkout__aws-lambda-go.json', PROD),
  snsLambdaAlarm('sns-lambda__cw-alarm__composite-alarm__rheoceros.json', { ...PROD, name: 'edu-web-prod-any' }),
  snsHttpAlarm('sns-http__cw-alarm__ec2-cpu-instanceid-alarm__cloudforet.json', PROD),
];

interface Mutation {
  at: number;
  kind: 'delete' | 'null' | 'number' | 'boolean' | 'array' | 'object' | 'text' | 'markup';
  text: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'null', 'number', 'boolean', 'array', 'object', 'text', 'markup', 'markup'),
  text: fc.oneof(token, huge(300, 5_000)),
});

/** Every place in a JSON value: [parent, key], the inside of JSON strings (SNS's `Message`) included. */
function places(value: Json, out: [Record<string, Json> | Json[], string | number][] = []): typeof out {
  if (Array.isArray(value))
    value.forEach((item, index) => {
      out.push([value, index]);
      places(item, out);
    });
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, Json>, key]);
      places(item, out);
    }
  return out;
}

/** The event with the mutations applied; an SNS `Message` is parsed, mutated and written back as JSON text. */
function mutate(event: Json, mutations: Mutation[]): Json {
  const copy = structuredClone(event);
  const inner = places(copy).filter(
    ([parent, key]) => key === 'Message' && typeof (parent as Record<string, Json>)[key] === 'string',
  );
  const messages = inner
    .map(([parent, key]) => {
      try {
        return { parent, key, value: JSON.parse((parent as Record<string, string>)[key as string] ?? '') as Json };
      } catch {
        return undefined;
      }
    })
    .filter((found) => found !== undefined);
  const roots: Json[] = [copy, ...messages.map((m) => m.value)];
  for (const { at, kind, text } of mutations) {
    const all = roots.flatMap((root) => places(root));
    const [parent, key] = all[at % Math.max(all.length, 1)] ?? [];
    if (!parent || key === undefined) continue;
    const record = parent as Record<string | number, Json>;
    const current = record[key];
    const replacement: Record<Mutation['kind'], Json> = {
      delete: undefined,
      null: null,
      number: -1e308,
      boolean: true,
      array: [text],
      object: { text },
      text,
      markup: typeof current === 'string' ? `${current} ${EVIL_MARKUP[at % EVIL_MARKUP.length] ?? ''} ${text}` : text,
    };
    if (kind === 'delete' && !Array.isArray(parent)) Reflect.deleteProperty(record, key);
    else record[key] = replacement[kind];
  }
  for (const { parent, key, value } of messages) (parent as Record<string, Json>)[key] = JSON.stringify(value);
  return copy;
}

const malformed: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...real, ...routed, ...routed), fc.array(mutation, { minLength: 1, maxLength: 4 }))
      .map(([event, mutations]) => mutate(event, mutations)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...routed) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      null,
      undefined,
      [],
      '',
      0,
      { Records: [] },
      { Records: [null] },
      { 'detail-type': null },
      { detail: {} },
      { Message: '{' },
      { Type: 'SubscriptionConfirmation' },
    ),
  },
);

describe('alarm events, parsed', () => {
  it('are read into notifications or refused with an AlarmParseError, never another exception', async () => {
    await checkProperty(
      fc.property(malformed, (event) => {
        let notifications;
        try {
          notifications = parseAlarmEvent(event);
        } catch (error) {
          expect(error).toBeInstanceOf(AlarmParseError);
          return;
        }
        for (const notification of notifications) {
          expect(typeof notification.alarmName).toBe('string');
          expect(['ALARM', 'OK', 'INSUFFICIENT_DATA']).toContain(notification.state);
          expect(Number.isNaN(notification.changedAt.getTime())).toBe(false);
          expect(typeof notification.account).toBe('string');
        }
      }),
      runs('alarmParse'),
    );
  });
});

// One harness for the file: the functions build their clients once, against the first harness they see.
const harness = useHarness('test/fixtures/config/alarms.yml');
const aws = trackAwsCalls(harness);

describe('malformed events through the event functions', () => {
  it('deployEvents ignores what is not a deployment it started, never throwing, calling AWS or posting', async () => {
    await checkProperty(
      fc.asyncProperty(malformed, async (event) => {
        aws.clear();
        harness().slack.reset();
        // Act
        const outcome = await deployEventsHandler(event, lambdaContext);
        // Assess
        expect(typeof outcome).toBe('string');
        expect(aws.calls()).toEqual([]);
        expect(harness().slack.calls).toEqual([]);
      }),
      runs('deployEvents'),
    );
  }, 120_000);

  it("alarmEvents never throws; what it cannot read or route reaches no account, and nothing it posts carries the event's markup live", async () => {
    await checkProperty(
      fc.asyncProperty(malformed, async (event) => {
        await harness().reset();
        aws.clear();
        const world = new TargetWorld();
        try {
          let readable = true;
          try {
            parseAlarmEvent(event);
          } catch {
            readable = false;
          }
          // Act
          const outcomes = await alarmEventsHandler(event, lambdaContext);
          // Assess
          expect(Array.isArray(outcomes)).toBe(true);
          if (!readable || outcomes.every((outcome) => outcome === 'unroutable' || outcome === 'duplicate')) {
            expect(world.calls()).toEqual([]);
            expect(aws.calls()).toEqual([]);
          }
          expect(aws.unmocked()).toEqual([]);
          expect(sentMessageProblems(harness().slack.calls)).toEqual([]);
        } finally {
          world.restore();
        }
      }),
      runs('alarmEvents'),
    );
  }, 300_000);
});

describe('event examples the properties found', () => {
  it.each([
    [
      'an alarm name longer than CloudWatch allows (its key outgrew DynamoDB and its buttons Slack)',
      eventBridgeAlarm('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json', {
        ...PROD,
        name: `edu-web-${'x'.repeat(250)}`,
      }),
    ],
    [
      "an account that is no account ID (a key over DynamoDB's 2,048 bytes: the function threw)",
      { ...(routed[0] as object), account: `111111111111 ${'help '.repeat(500)}` },
    ],
  ])('refuses %s as unreadable', (_case, event) => {
    // Assess
    expect(() => parseAlarmEvent(event)).toThrow(AlarmParseError);
  });

  it('notes an event with no payload at all instead of throwing on its missing JSON', async () => {
    // Act
    const outcomes = await alarmEventsHandler(undefined, lambdaContext);
    // Assess
    expect(outcomes).toEqual(['unreadable']);
    expect(harness().slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
