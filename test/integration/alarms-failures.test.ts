import { DisableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { alarmActions } from '../../handlers/alarms/buttons';
import type { ActionJob } from '../../commands/job';
import { createWorkerDeps } from '../../functions/wiring/worker';
import { createStateStore } from '../../lib/state/store';
import { AlarmFlow, text, tsOf } from './alarm-flow';
import { ebCpuAlarm, PROD } from './alarm-payloads';
import { type Harness, setClock, useStory } from './harness';

/** What goes wrong half-way: Slack or the state table failing between two steps, and edits that cross. */
const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/alarms.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

const KEY = '111111111111:ap-northeast-2:edu-web-prod-cpu-high';
const change = (state: 'ALARM' | 'OK', minutesAgo: number) =>
  ebCpuAlarm({ ...PROD, name: 'edu-web-prod-cpu-high' }, { state, at: new Date(Date.now() - minutesAgo * 60_000) });
const inMinutes = (minutes: number) => setClock(Date.now() + minutes * 60_000);
/** Edits Slack accepted (the fake records refused ones too). */
const shownUpdates = (ts: string) => flow.updatesOf(ts).filter((call) => call.result !== undefined);

async function posted(): Promise<string> {
  await flow.deliver(change('ALARM', 10));
  return tsOf(flow.posts('C0PRODOPS01')[0]);
}

describe('Snooze, when a step fails', () => {
  it('never turns the alarm’s actions off when it cannot record the snooze the sweeper is to end', async () => {
    // Prepare: the state table refuses the snooze record
    const ts = await posted();
    const deps = await createWorkerDeps();
    const failing = {
      ...deps,
      store: {
        ...deps.store,
        alarmSnoozes: { ...deps.store.alarmSnoozes, save: () => Promise.reject(new Error('DynamoDB is unavailable')) },
      },
    };
    const job: ActionJob = {
      kind: 'action',
      id: 'act-snooze-1',
      action: 'alarm.snooze-1h',
      value: KEY,
      actor: { id: 'U0ALICE', name: 'alice' },
      channel: 'C0PRODOPS01',
      messageTs: ts,
      requestedAt: new Date().toISOString(),
    };
    // Act
    const snooze = alarmActions['alarm.snooze-1h'];
    await expect(snooze?.(job, failing)).rejects.toThrow('DynamoDB is unavailable');
    // Assess: nothing would ever turn the actions on again, so they must not have been turned off
    expect(flow.aws.cloudwatch).toHaveReceivedCommandTimes(DisableAlarmActionsCommand, 0);
  });

  it('forgets a snooze whose actions AWS would not turn off, so nobody is told they came back on', async () => {
    // Prepare
    const ts = await posted();
    flow.aws.cloudwatch.on(DisableAlarmActionsCommand).rejects(
      Object.assign(new Error('not authorized to perform: cloudwatch:DisableAlarmActions'), {
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    // Act
    const responseUrl = await flow.click('alarm.snooze-1h', KEY, 'U0ALICE', ts);
    // Assess
    expect(flow.repliesTo(responseUrl)).toContain('cloudwatch:DisableAlarmActions');
    expect(await createStateStore(harness.dynamo.table).alarmSnoozes.get(KEY)).toBeUndefined();
  });
});

describe('the alarm message, when Slack fails or edits cross', () => {
  it('shows an OK whose edit Slack refused once Lambda retries the event', async () => {
    // Prepare
    const ts = await posted();
    const ok = change('OK', 1);
    harness.slack.failNext('chat.update', 200); // {"ok":false}: a platform error, not retried by the client
    await expect(flow.deliver(ok)).rejects.toThrow();
    // Act: a twin at once (the first may still be at it), then Lambda's retry a minute or two later
    await expect(flow.deliver(ok)).rejects.toThrow('is being edited by another delivery');
    inMinutes(2);
    const retried = await flow.deliver(ok);
    // Assess
    expect(retried).toEqual(['shown']);
    expect(text(shownUpdates(ts).at(-1))).toContain('Resolved');
    expect(
      flow
        .thread(ts)
        .map(text)
        .filter((reply) => reply.includes('Back to OK')),
    ).toHaveLength(1);
  });

  it('a twin delivery of a shown OK still changes nothing', async () => {
    // Prepare
    const ts = await posted();
    const ok = change('OK', 1);
    await flow.deliver(ok);
    inMinutes(2);
    // Act
    const twin = await flow.deliver(ok);
    // Assess
    expect(twin).toEqual(['duplicate']);
    expect(flow.changesOf(ts)).toHaveLength(1);
    expect(flow.thread(ts)).toHaveLength(1);
  });

  it('an Acknowledge whose edit lands after the OK’s does not bring the resolved alarm back', async () => {
    // Prepare
    const ts = await posted();
    const held = harness.slack.holdNext('chat.update');
    const clicking = flow.click('alarm.ack', KEY, 'U0CAROL', ts);
    await held.arrived; // the acknowledgement's edit is on its way to Slack…
    await flow.deliver(change('OK', 1)); // …the OK resolves the message meanwhile…
    // Act: …and then the acknowledgement's edit lands
    held.release();
    await clicking;
    // Assess
    const last = text(shownUpdates(ts).at(-1));
    expect(last).toContain('Resolved');
    expect(last).toContain('acknowledged by <@U0CAROL>');
    expect(last).not.toContain('alarm.snooze-1h');
  });
});
