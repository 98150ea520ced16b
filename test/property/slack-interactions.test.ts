import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { handler as alarmEventsHandler } from '../../functions/alarm-events';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { BUTTON_ACTIONS } from '../../handlers/slack/actions';
import type { SlackCall } from '../fakes/slack-api';
import { signedEvent } from '../fakes/slack-requests';
import { ebCpuAlarm, PROD, STAGING } from '../integration/alarm-payloads';
import { lambdaContext, useHarness } from '../integration/harness';
import { trackAwsCalls } from './support/aws-calls';
import { runs } from './support/budget';
import { checkProperty } from './support/fc-run';
import { EVIL_MARKUP, forgedId, huge } from './support/hostile';
import { sentMessageProblems } from './support/inspect';
import { clickForm, slashCommandForm } from './support/requests';
import { TargetWorld } from './support/world';

/**
 * Every field of a `block_actions` request, forged: action ids blueshift does not have, values naming another
 * deployment, request or alarm than the message's own, huge values, a message that does not hold the button,
 * clicks from another channel or an ephemeral copy. Through the real slack function, and the worker for clicks
 * that look like Slack's.
 */
const harness = useHarness();
const aws = trackAwsCalls(harness);

// The bot's own buttons, as the slack function lists them (a test keeps that list equal to the worker's handlers).
const BUTTONS: readonly string[] = BUTTON_ACTIONS;

interface Button {
  action_id: string;
  value: string;
  type: 'button';
  text: { type: 'plain_text'; text: string };
}
const button = (action: string, value: string): Button => ({
  type: 'button',
  action_id: action,
  value,
  text: { type: 'plain_text', text: 'Do it' },
});

/** A posted message's buttons, wherever its blocks keep them. */
function buttonsIn(blocks: unknown): Button[] {
  const list = Array.isArray(blocks) ? (blocks as { elements?: unknown[]; accessory?: unknown }[]) : [];
  return list
    .flatMap((block) => [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])])
    .filter((element): element is Button => (element as Button | undefined)?.type === 'button');
}

async function freshCase(): Promise<void> {
  await harness().reset();
  harness().slack.setUserGroup('S0OPSLEADS', ['U0BOB']);
  harness().slack.setUserGroup('S0DEVELOPERS', ['U0CAROL', 'U0DAN']);
  aws.clear();
}

async function drain(): Promise<unknown[]> {
  const failures = [];
  while (harness().queued.length)
    failures.push(...(await workerHandler(harness().takeJobs(), lambdaContext)).batchItemFailures);
  return failures;
}

describe('block_actions through the slack function', () => {
  const action = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...BUTTONS) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'request.bogus',
        'deployment.',
        'alarm.snooze-99h',
        'request.approve ',
        'REQUEST.APPROVE',
        'a',
        'blueshift',
        '',
        ...EVIL_MARKUP,
      ),
    },
    { weight: 1, arbitrary: fc.oneof(huge(200, 400), fc.string({ unit: 'binary', maxLength: 40 })) },
  );
  const value = fc.oneof(
    { weight: 4, arbitrary: forgedId },
    { weight: 1, arbitrary: huge(1_990, 2_010) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('d-SIM000001', 'req-000000000000', '111111111111:ap-northeast-2:edu-web-prod-cpu'),
    },
  );
  const message = fc.constantFrom(
    'holds the button',
    'holds another value',
    'holds another button',
    'holds no buttons',
    'ephemeral (none sent)',
  );
  const clicker = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('U0ALICE', 'U0BOB', 'U0MALLORY') },
    { weight: 1, arbitrary: forgedId },
  );
  const where = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('C0PRODOPS01', 'C0STAGING01', 'C0RANDOM001') },
    { weight: 1, arbitrary: forgedId },
  );

  it("acks a click, and queues it only when its button is blueshift's and in its message; never 5xx, nothing else called", async () => {
    await checkProperty(
      fc.asyncProperty(
        action,
        value,
        message,
        clicker,
        where,
        async (actionId, buttonValue, shape, userId, channelId) => {
          harness().queued.length = 0;
          harness().slack.reset();
          aws.clear();
          const blocks = {
            'holds the button': [
              { type: 'actions', elements: [button('alarm.ack', 'other'), button(actionId, buttonValue)] },
            ],
            'holds another value': [{ type: 'actions', elements: [button(actionId, `${buttonValue}-other`)] }],
            'holds another button': [
              {
                type: 'actions',
                elements: [button(actionId === 'alarm.ack' ? 'alarm.status' : 'alarm.ack', buttonValue)],
              },
            ],
            'holds no buttons': [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }],
            'ephemeral (none sent)': [],
          }[shape];
          const ephemeral = shape === 'ephemeral (none sent)';
          const responseUrl = harness().slack.responseUrl();
          const body = clickForm({
            action: actionId,
            value: buttonValue,
            userId,
            channelId,
            responseUrl,
            ephemeral,
            message: { text: 'the message', blocks },
          });
          // Act
          const response = await slackHandler(signedEvent(body), lambdaContext);
          // Assess
          // Slack's limits count characters (code points), as the guard's schema does.
          const characters = (text: string) => Array.from(text).length;
          const wellFormed =
            /^[UW][A-Z0-9]{2,31}$/.test(userId) &&
            /^[CGD][A-Z0-9]{2,31}$/.test(channelId) &&
            characters(actionId) >= 1 &&
            characters(actionId) <= 255 &&
            characters(buttonValue) <= 2000;
          expect(response.statusCode).toBe(wellFormed ? 200 : 400);
          // Every button blueshift renders names something: a click without a value is not one of them.
          const shouldQueue =
            wellFormed &&
            BUTTONS.includes(actionId) &&
            buttonValue !== '' &&
            (shape === 'holds the button' || ephemeral);
          expect(aws.calls()).toEqual(shouldQueue ? ['SQS SendMessageCommand'] : []);
          // A queued click is shown at once through its own response_url (handlers/slack/click-feedback.ts), deciding
          // who may press from the user groups; nothing else reaches Slack.
          const shown = harness().slack.calls.filter((call) => call.method !== 'usergroups.users.list');
          expect(shown.map((call) => call.path)).toEqual(shouldQueue ? [new URL(responseUrl).pathname] : []);
        },
      ),
      runs('clickAck'),
    );
  }, 120_000);
});

describe('forged clicks through the worker', () => {
  /** A message with buttons the bot posted: where it is and what its buttons name. */
  interface Posted {
    channel: string;
    ts: string;
    blocks: unknown[];
    buttons: Button[];
  }

  /** What the bot posted with buttons: a deployment's progress, an approval request, an alarm, and previews. */
  async function scene(): Promise<{ posted: Posted[]; previews: Button[] }> {
    const type = async (command: string, text: string, user: string, channel: string) => {
      await slackHandler(
        signedEvent(
          slashCommandForm({
            command,
            text,
            userId: user,
            channelId: channel,
            responseUrl: harness().slack.responseUrl(),
          }),
        ),
        lambdaContext,
      );
      await drain();
    };
    await type('/deploy', 'web staging', 'U0CAROL', 'C0STAGING01'); // starts: a progress message with Stop
    await type('/deploy', 'web prod', 'U0ALICE', 'C0PRODOPS01'); // protected: an approval request
    await type('/rollback', 'web staging wrong build', 'U0CAROL', 'C0STAGING01'); // a preview to confirm (ephemeral)
    await alarmEventsHandler(
      ebCpuAlarm({ ...PROD, name: 'edu-web-prod-cpu-high' }, { state: 'ALARM', at: new Date() }),
      lambdaContext,
    );
    // After web staging's deployment: an alarm message that also offers Roll back (`/rollback web staging`).
    await alarmEventsHandler(
      ebCpuAlarm({ ...STAGING, name: 'edu-web-staging-cpu-high' }, { state: 'ALARM', at: new Date() }),
      lambdaContext,
    );
    const latest = new Map<string, Posted>();
    for (const call of harness().slack.calls) {
      const ts = String(call.method === 'chat.update' ? call.args.ts : (call.result?.ts ?? ''));
      if ((call.method === 'chat.postMessage' || call.method === 'chat.update') && ts) {
        latest.set(ts, {
          channel: String(call.args.channel),
          ts,
          blocks: (call.args.blocks ?? []) as unknown[],
          buttons: buttonsIn(call.args.blocks),
        });
      }
    }
    const previews = harness()
      .slack.callsTo('response_url')
      .flatMap((call: SlackCall) => buttonsIn(call.args.blocks));
    return { posted: [...latest.values()].filter((message) => message.buttons.length), previews };
  }

  /** Everything a click could change, as the state table keeps it (audit records and the job ledger aside). */
  async function stateOf(): Promise<string> {
    const scanned = await harness().dynamo.client.send(new ScanCommand({ TableName: harness().dynamo.tableName }));
    const kept = (scanned.Items ?? [])
      .filter((item) => !/^(AUDIT#|JOB#)/.test(String(item.pk)))
      .map((item) => {
        const copy: Record<string, unknown> = { ...item };
        Reflect.deleteProperty(copy, 'expiresAt');
        return copy;
      });
    return JSON.stringify(
      kept.sort((a, b) => `${String(a.pk)}${String(a.sk)}`.localeCompare(`${String(b.pk)}${String(b.sk)}`)),
    );
  }

  it('refuses a click whose value names another deployment, request or alarm than its message: no AWS call, no change, a refusal', async () => {
    await freshCase();
    const world = new TargetWorld();
    try {
      const { posted, previews } = await scene();
      expect(posted.map((message) => message.buttons.map((b) => b.action_id).join(',')).sort()).toEqual([
        'alarm.ack,alarm.snooze-1h,alarm.snooze-4h,alarm.status',
        'alarm.ack,alarm.snooze-1h,alarm.snooze-4h,alarm.status,alarm.rollback',
        'deployment.stop',
        'request.approve,request.reject',
      ]);
      const allButtons = [...posted.flatMap((message) => message.buttons), ...previews];
      const before = await stateOf();
      const forged = fc
        .record({
          on: fc.constantFrom(...posted),
          action: fc.constantFrom(...BUTTONS),
          value: fc.oneof(
            fc.constantFrom(...allButtons.map((b) => b.value)),
            forgedId.filter((v) => v !== '' && Array.from(v).length <= 2000),
          ),
          clicker: fc.constantFrom('U0ALICE', 'U0BOB', 'U0CAROL', 'U0MALLORY'),
          copy: fc.constantFrom('the message', 'an ephemeral copy', 'the same message in another channel'),
        })
        // A click from an ephemeral copy naming a confirmation preview's request is that preview's own click:
        // Slack names no message for either, so it is no forgery (found by FC_SEED=1729793707).
        .filter(
          ({ on, value, copy }) =>
            !on.buttons.some((b) => b.value === value) &&
            !(copy === 'an ephemeral copy' && previews.some((b) => b.value === value)),
        );
      await checkProperty(
        fc.asyncProperty(forged, async ({ on, action, value, clicker, copy }) => {
          harness().slack.reset();
          aws.clear();
          const calledBefore = world.calls().length;
          // A payload Slack would send for the message if it held this button: the forged button is in its blocks.
          const blocks = [...on.blocks, { type: 'actions', elements: [button(action, value)] }];
          const channelId =
            copy === 'the same message in another channel'
              ? on.channel === 'C0PRODOPS01'
                ? 'C0STAGING01'
                : 'C0PRODOPS01'
              : on.channel;
          const body = clickForm({
            action,
            value,
            userId: clicker,
            channelId,
            messageTs: on.ts,
            responseUrl: harness().slack.responseUrl(),
            ephemeral: copy === 'an ephemeral copy',
            message: { text: 'x', blocks },
          });
          // Act
          const ack = await slackHandler(signedEvent(body), lambdaContext);
          const failures = await drain();
          // Assess
          expect(ack.statusCode).toBe(200);
          expect(failures).toEqual([]);
          expect(world.calls().slice(calledBefore)).toEqual([]);
          expect(aws.calls().filter((call) => !call.startsWith('SQS'))).toEqual([]);
          expect(await stateOf()).toBe(before);
          expect(harness().slack.callsTo('chat.update')).toEqual([]);
          const replies = harness()
            .slack.callsTo('response_url')
            .map((call) => call.args);
          expect(replies.filter((reply) => JSON.stringify(reply).includes('refused'))).toHaveLength(1);
          // A click the slack function marked on its message ("⏳ … requested by …") gets the message back as it was.
          const marks = replies.filter(
            (reply) => reply.replace_original === true && JSON.stringify(reply).includes('requested by'),
          );
          const restored = replies.filter(
            (reply) => reply.replace_original === true && JSON.stringify(reply.blocks) === JSON.stringify(blocks),
          );
          expect(restored).toHaveLength(marks.length);
          expect(sentMessageProblems(harness().slack.calls)).toEqual([]);
        }),
        runs('clickForged'),
      );
    } finally {
      world.restore();
    }
  }, 300_000);
});
