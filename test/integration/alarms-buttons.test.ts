import { DisableAlarmActionsCommand, EnableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { createStateStore } from '../../lib/state/store';
import { AlarmFlow, text, tsOf } from './alarm-flow';
import { ebCpuAlarm, PROD } from './alarm-payloads';
import { type Harness, setClock, useStory } from './harness';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/alarms.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

const KEY = '111111111111:ap-northeast-2:edu-web-prod-cpu-high';
const alarm = () =>
  ebCpuAlarm({ ...PROD, name: 'edu-web-prod-cpu-high' }, { state: 'ALARM', at: new Date(Date.now() - 10 * 60_000) });
const inMinutes = (minutes: number) => setClock(Date.now() + minutes * 60_000);

/** An alarm message posted by alarmEvents, ready to be clicked. */
async function posted(): Promise<string> {
  await flow.deliver(alarm());
  return tsOf(flow.posts('C0PRODOPS01')[0]);
}

const audited = () =>
  harness.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === 'C0AUDIT0001')
    .map(text);

describe('Snooze', () => {
  it('disables the actions as the clicker, and the sweeper enables them again on time, as the bot, once', async () => {
    // Prepare
    const ts = await posted();
    // Act: alice snoozes for an hour
    await flow.click('alarm.snooze-1h', KEY, 'U0ALICE', ts);
    // Assess
    const [disable] = flow.aws.cloudwatch.commandCalls(DisableAlarmActionsCommand);
    expect(disable?.args[0].input).toEqual({ AlarmNames: ['edu-web-prod-cpu-high'] });
    expect(await AlarmFlow.signerOf(disable)).toBe('ASIA-U0ALICE');
    expect(text(flow.updatesOf(ts).at(-1))).toContain('snoozed until');
    expect(text(flow.thread(ts).at(-1))).toContain('<@U0ALICE> snoozed the alarm');
    expect(audited().join()).toContain('snooze alarm edu-web-prod-cpu-high for 1h');

    // Act: the sweeper before the hour is up, then after it (twice: a late sweep finds nothing left)
    const early = await flow.sweep();
    inMinutes(61);
    const due = await flow.sweep();
    const again = await flow.sweep();
    // Assess
    expect([early.reenableSnoozedAlarms, due.reenableSnoozedAlarms, again.reenableSnoozedAlarms]).toEqual([0, 1, 0]);
    const enables = flow.aws.cloudwatch.commandCalls(EnableAlarmActionsCommand);
    expect(enables.map((call) => call.args[0].input)).toEqual([{ AlarmNames: ['edu-web-prod-cpu-high'] }]);
    expect(await AlarmFlow.signerOf(enables[0])).toBe('ASIA-blueshift-system');
    expect(text(flow.thread(ts).at(-1))).toContain('alarm actions re-enabled after the 1h snooze');
    expect(text(flow.updatesOf(ts).at(-1))).not.toContain('snoozed until');
    expect(audited().at(-1)).toContain('re-enable alarm actions edu-web-prod-cpu-high');
  });

  it('keeps trying a re-enable AWS refuses every minute, and tells the audit channel once', async () => {
    // Prepare
    const ts = await posted();
    await flow.click('alarm.snooze-1h', KEY, 'U0CAROL', ts);
    flow.aws.cloudwatch
      .on(EnableAlarmActionsCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
      )
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
      )
      .resolves({});
    inMinutes(61);
    const before = audited().length;
    // Act
    const sweeps = [await flow.sweep(), await flow.sweep(), await flow.sweep()];
    // Assess
    expect(sweeps.map((sweep) => sweep.reenableSnoozedAlarms)).toEqual([0, 0, 1]);
    const announced = audited().slice(before);
    expect(announced.filter((line) => line.includes('*failed*'))).toHaveLength(1);
    expect(announced.join()).toContain('AWS is throttling requests right now');
    expect(text(flow.thread(ts).at(-1))).toContain('alarm actions re-enabled after the 1h snooze');
  });

  it('is refused to someone who is neither operator nor approver of the environment, and audited', async () => {
    // Prepare
    const ts = await posted();
    // Act
    const responseUrl = await flow.click('alarm.snooze-4h', KEY, 'U0EVE', ts);
    // Assess
    expect(flow.repliesTo(responseUrl)).toContain(
      'only <!subteam^S0DEVELOPERS>, <@U0ALICE>, <!subteam^S0OPSLEADS> may snooze alarms on `prod`',
    );
    expect(flow.aws.cloudwatch).toHaveReceivedCommandTimes(DisableAlarmActionsCommand, 0);
    expect(audited().join()).toMatch(/refused.*U0EVE.*snooze alarm edu-web-prod-cpu-high for 4h/);
    expect(flow.changesOf(ts)).toHaveLength(0);
  });
});

describe('Acknowledge', () => {
  it('records who, once: a second click is told who was first', async () => {
    // Prepare
    const ts = await posted();
    // Act
    await flow.click('alarm.ack', KEY, 'U0CAROL', ts);
    const second = await flow.click('alarm.ack', KEY, 'U0BOB', ts);
    // Assess: the second click marked the message ("requested by bob") and, refused, put it back as it stands
    const updates = flow.changesOf(ts).map(text);
    expect(updates).toHaveLength(2);
    expect(updates[1]).toBe(updates[0]);
    expect(updates[0]).toContain('acknowledged by <@U0CAROL>');
    expect(updates[0]).not.toContain('alarm.ack');
    expect(flow.repliesTo(second)).toContain('already acknowledged by <@U0CAROL>');
    const trail = await createStateStore(harness.dynamo.table).audit.list(new Date());
    expect(trail.filter((entry) => entry.command.startsWith('acknowledge'))).toEqual([
      expect.objectContaining({ user: 'U0CAROL', decision: 'allowed', env: 'prod', app: 'web' }),
    ]);
  });

  it('is refused on a message of an episode that is over', async () => {
    // Prepare: the alarm resolves and fires again, which opens a new episode with a new message
    const first = await posted();
    await flow.deliver(
      ebCpuAlarm({ ...PROD, name: 'edu-web-prod-cpu-high' }, { state: 'OK', at: new Date(Date.now() - 5 * 60_000) }),
    );
    await flow.deliver(
      ebCpuAlarm({ ...PROD, name: 'edu-web-prod-cpu-high' }, { state: 'ALARM', at: new Date(Date.now() - 60_000) }),
    );
    // Act
    const responseUrl = await flow.click('alarm.ack', KEY, 'U0CAROL', first);
    // Assess
    expect(flow.posts('C0PRODOPS01')).toHaveLength(2);
    expect(flow.repliesTo(responseUrl)).toContain('earlier episode');
  });
});

describe('Status', () => {
  it('runs /status web prod for the clicker, answered to them alone', async () => {
    // Prepare
    const ts = await posted();
    // Act
    const responseUrl = await flow.click('alarm.status', KEY, 'U0DAN', ts);
    // Assess
    const reply = flow.repliesTo(responseUrl);
    expect(reply).toContain('d-ACTIVE001');
    expect(reply).toContain('edu-web-prod-cpu-high');
    expect(reply).toContain('"response_type":"ephemeral"');
  });
});
