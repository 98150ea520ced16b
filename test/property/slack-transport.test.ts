import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { handler as slackHandler } from '../../functions/slack';
import { interactionBody } from '../fakes/slack-requests';
import { lambdaContext, useHarness } from '../integration/harness';
import { trackAwsCalls } from './support/aws-calls';
import { runs } from './support/budget';
import { checkProperty } from './support/fc-run';
import { forgedId, tokenSoup } from './support/hostile';
import { ackProblems } from './support/inspect';
import {
  clickForm,
  fromWorkspace,
  garbageBody,
  isValidlySigned,
  origin,
  signatureOf,
  signedEvent,
  slashCommandForm,
  UNHANDLED_PAYLOADS,
} from './support/requests';

/**
 * Transport garbage through the real slack function (functions/slack.ts, as API Gateway's HTTP API hands it
 * requests): any signature, timestamp, content type, encoding and body, from this workspace or another.
 */
const harness = useHarness();
const aws = trackAwsCalls(harness);

const FORM = 'application/x-www-form-urlencoded';

interface Body {
  text: string;
  contentType: string;
  wellFormed: boolean;
  ours: boolean;
}

const slashCommand: fc.Arbitrary<Body> = fc
  .tuple(fc.constantFrom('/status', '/deploy', '/rollback', '/waf-exempt'), tokenSoup(6), origin)
  .map(([command, text, from]) => ({
    text: slashCommandForm({
      command,
      text,
      responseUrl: harness().slack.responseUrl(),
      team: from.team,
      app: from.app,
    }),
    contentType: FORM,
    wellFormed: true,
    ours: from.ours,
  }));

const click: fc.Arbitrary<Body> = fc
  .tuple(
    fc.constantFrom('deployment.reroute', 'request.approve', 'alarm.ack', 'blueshift.unknown', 'a'),
    fc.oneof(forgedId, fc.constantFrom('d-ACTIVE001', 'req-1')),
    origin,
  )
  // Slack's buttons hold at most 2,000 characters: a longer value is no click Slack sent.
  .map(([action, value, from]) => ({
    text: clickForm(
      { action, value, userId: 'U0BOB', responseUrl: harness().slack.responseUrl() },
      from.team,
      from.app,
    ),
    contentType: FORM,
    wellFormed: value.length <= 2000,
    ours: from.ours,
  }));

const unhandled: fc.Arbitrary<Body> = fc
  .tuple(fc.constantFrom(...Object.keys(UNHANDLED_PAYLOADS)), origin)
  .map(([type, from]) => {
    const payload = fromWorkspace(UNHANDLED_PAYLOADS[type] ?? {}, from.team, from.app);
    const json = type === 'event_callback' || type === 'url_verification';
    // url_verification names no workspace: it is answered the same whoever asks.
    return {
      text: json ? JSON.stringify(payload) : interactionBody(payload),
      contentType: json ? 'application/json' : FORM,
      wellFormed: true,
      ours: from.ours || type === 'url_verification',
    };
  });

const garbage: fc.Arbitrary<Body> = fc
  .tuple(garbageBody, fc.constantFrom(FORM, 'application/json'))
  .map(([text, contentType]) => ({ text, contentType, wellFormed: false, ours: false }));

const transport = fc.record({
  body: fc.oneof(
    { weight: 3, arbitrary: slashCommand },
    { weight: 2, arbitrary: click },
    { weight: 2, arbitrary: unhandled },
    { weight: 2, arbitrary: garbage },
  ),
  signature: fc.constantFrom(
    'valid',
    'valid',
    'valid',
    'wrong secret',
    'garbage',
    'missing',
    'empty',
    'v1',
    'upper case',
  ),
  timestamp: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -299, max: 299 }) },
    {
      weight: 2,
      arbitrary: fc.oneof(fc.integer({ min: -2_000_000_000, max: -301 }), fc.integer({ min: 301, max: 2_000_000_000 })),
    },
    { weight: 1, arbitrary: fc.constantFrom('missing', '', 'soon', '1.5e9', ' 1', '-1', '0', 'NaN', 'Infinity') },
  ),
  contentType: fc.oneof(
    { weight: 5, arbitrary: fc.constant('natural') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'missing',
        'text/plain',
        'application/json',
        FORM,
        `${FORM}; charset=utf-8`,
        'multipart/form-data; boundary=x',
        'APPLICATION/X-WWW-FORM-URLENCODED',
      ),
    },
  ),
  encoding: fc.constantFrom('base64', 'plain', 'base64 flag on a plain body', 'base64 body without the flag'),
  shape: fc.oneof(
    { weight: 8, arbitrary: fc.constant('normal') },
    { weight: 1, arbitrary: fc.constantFrom('no headers', 'no body', 'null body', 'upper-case header names') },
  ),
});

type Transport = typeof transport extends fc.Arbitrary<infer T> ? T : never;

function eventFor(input: Transport, now: number): APIGatewayProxyEventV2 {
  const { body } = input;
  const timestamp = typeof input.timestamp === 'number' ? String(now + input.timestamp) : input.timestamp;
  const base = signedEvent(body.text, {
    base64: input.encoding === 'base64' || input.encoding === 'base64 body without the flag',
  });
  if (input.encoding === 'base64 flag on a plain body') Object.assign(base, { body: body.text, isBase64Encoded: true });
  if (input.encoding === 'base64 body without the flag') base.isBase64Encoded = false;
  const raw = base.isBase64Encoded ? Buffer.from(base.body ?? '', 'base64').toString('ascii') : (base.body ?? '');
  const signatures: Record<string, string | undefined> = {
    valid: signatureOf('test-signing-secret-0123456789abcdef', timestamp, raw),
    'wrong secret': signatureOf('not-the-signing-secret', timestamp, raw),
    garbage: 'v0=<!channel>',
    missing: undefined,
    empty: '',
    v1: signatureOf('test-signing-secret-0123456789abcdef', timestamp, raw).replace('v0=', 'v1='),
    'upper case': signatureOf('test-signing-secret-0123456789abcdef', timestamp, raw).toUpperCase(),
  };
  const headers: Record<string, string | undefined> = {
    ...base.headers,
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signatures[input.signature],
  };
  if (input.timestamp === 'missing') Reflect.deleteProperty(headers, 'x-slack-request-timestamp');
  if (input.signature === 'missing') Reflect.deleteProperty(headers, 'x-slack-signature');
  const contentType = input.contentType === 'natural' ? body.contentType : input.contentType;
  if (contentType === 'missing') Reflect.deleteProperty(headers, 'content-type');
  else headers['content-type'] = contentType;
  const event = { ...base, headers: headers as Record<string, string> };
  if (input.shape === 'no headers') Reflect.deleteProperty(event, 'headers');
  if (input.shape === 'no body') Reflect.deleteProperty(event, 'body');
  if (input.shape === 'null body') (event as { body: unknown }).body = null;
  if (input.shape === 'upper-case header names')
    event.headers = Object.fromEntries(Object.entries(event.headers).map(([key, value]) => [key.toUpperCase(), value]));
  return event;
}

describe('transport garbage', () => {
  // Signatures the function accepted: the same request again is a replay, refused (shrinking repeats cases).
  const accepted = new Set<string>();

  it('never throws or answers 5xx; a valid request from this workspace and app is acked, anything else reaches neither SQS nor AWS', async () => {
    await checkProperty(
      fc.asyncProperty(transport, async (input) => {
        aws.clear();
        harness().slack.reset();
        harness().queued.length = 0;
        const now = Math.floor(Date.now() / 1000);
        const event = eventFor(input, now);
        const signed = isValidlySigned(event, now) && input.shape !== 'no headers';
        const natural = input.contentType === 'natural' || input.contentType === input.body.contentType;
        const signature =
          Object.entries((event.headers as Record<string, string> | undefined) ?? {}).find(
            ([name]) => name.toLowerCase() === 'x-slack-signature',
          )?.[1] ?? '';
        const replay = signed && accepted.has(signature);
        const readable =
          signed &&
          !replay &&
          natural &&
          input.shape === 'normal' &&
          input.body.wellFormed &&
          !input.encoding.includes('without') &&
          !input.encoding.includes('flag on');
        // Act
        const response = await slackHandler(event, lambdaContext);
        // Assess
        expect([200, 400, 401, 403]).toContain(response.statusCode);
        if (!signed || replay) expect(response.statusCode).not.toBe(200);
        if (response.statusCode === 200) accepted.add(signature);
        if (readable) expect(response.statusCode).toBe(input.body.ours ? 200 : 403);
        const calls = aws.calls();
        expect(calls.filter((call) => call !== 'SQS SendMessageCommand')).toEqual([]);
        expect(calls.length).toBeLessThanOrEqual(response.statusCode === 200 ? 1 : 0);
        // Only a click it took is shown, through its own response_url (handlers/slack/click-feedback.ts).
        const slackCalls = harness().slack.calls.filter((call) => call.method !== 'usergroups.users.list');
        expect(slackCalls.filter((call) => call.method !== 'response_url')).toEqual([]);
        expect(slackCalls.length).toBeLessThanOrEqual(calls.length);
        if (response.statusCode === 200 && input.body.text.includes('command='))
          expect(ackProblems(response.body)).toEqual([]);
      }),
      runs('transport'),
    );
  }, 120_000);
});

describe('transport examples the property found or must keep', () => {
  const signedNow = (body: string, options: { contentType?: string; offset?: number } = {}) => {
    const event = signedEvent(body, { timestamp: Math.floor(Date.now() / 1000) + (options.offset ?? 0) });
    if (options.contentType !== undefined) event.headers['content-type'] = options.contentType;
    return event;
  };
  const command = () =>
    slashCommandForm({ command: '/status', text: 'web prod', responseUrl: harness().slack.responseUrl() });

  beforeEach(() => aws.clear());

  it.each<[string, number, () => unknown]>([
    [
      'an unsigned body that is no JSON, without a content type (Bolt threw: a 500)',
      401,
      () => ({
        ...signedNow('token=x&text=y', { contentType: 'text/plain' }),
        headers: { 'content-type': 'text/plain' },
      }),
    ],
    [
      'a signed form body with no content type (Bolt parsed it as JSON and threw)',
      400,
      () => {
        const event = signedNow(command());
        Reflect.deleteProperty(event.headers, 'content-type');
        return event;
      },
    ],
    ['a signed `payload=` that is no JSON (Bolt threw)', 400, () => signedNow('payload=%7Bnot+json')],
    [
      'an event without headers (Bolt threw)',
      400,
      () => {
        const event = signedNow(command());
        Reflect.deleteProperty(event, 'headers');
        return event;
      },
    ],
    [
      'a timestamp 6 minutes ahead, validly signed (Bolt accepted it, and the replay guard forgets it first)',
      401,
      () => signedNow(command(), { offset: 360 }),
    ],
    [
      'a command from another workspace, validly signed',
      403,
      () =>
        signedNow(
          slashCommandForm({
            command: '/status',
            text: 'web prod',
            responseUrl: harness().slack.responseUrl(),
            team: 'T0OTHERTEAM',
          }),
        ),
    ],
    [
      'a command from another app, validly signed',
      403,
      () =>
        signedNow(
          slashCommandForm({
            command: '/status',
            text: 'web prod',
            responseUrl: harness().slack.responseUrl(),
            app: 'A0OTHERAPP',
          }),
        ),
    ],
    [
      'a command naming no app',
      403,
      () =>
        signedNow(
          slashCommandForm({
            command: '/status',
            text: 'web prod',
            responseUrl: harness().slack.responseUrl(),
            app: null,
          }),
        ),
    ],
  ])('answers %s with %i, queueing nothing', async (_case, status, event) => {
    // Act
    const response = await slackHandler(event() as APIGatewayProxyEventV2, lambdaContext);
    // Assess
    expect(response.statusCode).toBe(status);
    expect(aws.calls()).toEqual([]);
  });

  it('tells Slack not to retry a refused workspace, and says why in a word', async () => {
    // Act
    const response = await slackHandler(
      signedNow(
        slashCommandForm({
          command: '/status',
          text: 'web prod',
          responseUrl: harness().slack.responseUrl(),
          team: 'T0OTHERTEAM',
        }),
      ),
      lambdaContext,
    );
    // Assess
    expect(response.headers).toMatchObject({ 'X-Slack-No-Retry': '1' });
    expect(response.body).toBe('This blueshift answers one Slack workspace and app only; nothing was done.');
  });

  it.each(Object.keys(UNHANDLED_PAYLOADS).filter((type) => type !== 'url_verification'))(
    'acks a %s from this workspace with an empty 200 and does nothing',
    async (type) => {
      // Prepare
      const payload = fromWorkspace(UNHANDLED_PAYLOADS[type] ?? {}, 'T0BLUESHIFT', 'A0BLUESHIFT');
      const json = type === 'event_callback';
      // Act
      const response = await slackHandler(
        signedNow(json ? JSON.stringify(payload) : interactionBody(payload), {
          contentType: json ? 'application/json' : FORM,
        }),
        lambdaContext,
      );
      // Assess
      expect(response).toMatchObject({ statusCode: 200, body: '' });
      expect(aws.calls()).toEqual([]);
    },
  );
});
