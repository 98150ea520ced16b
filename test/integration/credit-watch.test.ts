import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstanceCreditSpecificationsCommand } from '@aws-sdk/client-ec2';
import { AlarmFlow, text } from './alarm-flow';
import { type Harness, setClock, useStory } from './harness';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/alarms.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

/** The sweeper's clock on a five-minute mark, when the credit watch looks; `later` marks on. */
function atWatchMinute(later = 0): void {
  const now = new Date();
  now.setUTCMinutes(Math.ceil((now.getUTCMinutes() + 1) / 5) * 5 + later * 5, 30, 0);
  setClock(now);
}

/** Both instances of edu-web-prod-asg switched to unlimited credits (Switch to unlimited credits did it). */
function unlimitedFleet(): void {
  flow.ec2.on(DescribeInstanceCreditSpecificationsCommand).resolves({
    InstanceCreditSpecifications: [
      { InstanceId: 'i-0aaa1111bbbb2222c', CpuCredits: 'unlimited' },
      { InstanceId: 'i-0ddd3333eeee4444f', CpuCredits: 'unlimited' },
    ],
  });
}

/** The load went down: both instances below their 10 % baseline, their balances climbing by 3 a period. */
function recoveringFleet(): void {
  const points = (value: (i: number) => number) => {
    const Timestamps = Array.from({ length: 18 }, (_, i) => new Date(Date.now() - (2 + i * 5) * 60_000));
    return { Timestamps, Values: Timestamps.map((_, i) => value(i)), StatusCode: 'Complete' as const };
  };
  flow.aws.cloudwatch.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'cpu0', ...points(() => 4) },
      { Id: 'bal0', ...points((i) => 60 - i * 3) },
      { Id: 'cpu1', ...points(() => 3.5) },
      { Id: 'bal1', ...points((i) => 240 - i * 3) },
    ],
  });
}

const lifts = () => flow.posts('C0PRODOPS01').filter((call) => text(call).includes('throttle lifted'));

describe('the CPU-credit watch', () => {
  it('warns the environment once, before any alarm, when a burstable fleet has run out of credits', async () => {
    // Prepare
    flow.exhaustedFleet();
    atWatchMinute();
    // Act
    const first = await flow.sweep();
    const second = await flow.sweep();
    // Assess
    expect(first).toMatchObject({ watchCredits: 1 });
    expect(second).toMatchObject({ watchCredits: 0 });
    const [warning] = flow.posts('C0PRODOPS01');
    expect(JSON.stringify(warning?.args)).toContain('CPU credits exhausted');
    expect(JSON.stringify(warning?.args)).toContain('edu-web-prod-asg');
    expect(JSON.stringify(warning?.args)).toMatch(/throttled at baseline/);
  });

  it('warns at the next look when Slack refused the warning, instead of keeping quiet for six hours', async () => {
    // Prepare
    flow.exhaustedFleet();
    atWatchMinute();
    harness.slack.failNext('chat.postMessage', 200); // {ok:false}: Slack refused it
    // Act
    const first = await flow.sweep();
    const second = await flow.sweep();
    // Assess
    expect(first).toMatchObject({ watchCredits: 0 });
    expect(second).toMatchObject({ watchCredits: 1 });
    expect(flow.posts('C0PRODOPS01').filter((c) => c.result)).toHaveLength(1);
  });

  it('stays quiet without signs of credit trouble', async () => {
    // Prepare: the account as it is by default, with no credit history that points at throttling
    atWatchMinute();
    // Act
    const result = await flow.sweep();
    // Assess
    expect(result).toMatchObject({ watchCredits: 0 });
    expect(flow.posts('C0PRODOPS01')).toEqual([]);
  });

  it('says once that the throttle is lifted when the warned fleet is switched to unlimited, then warns again', async () => {
    // Prepare: warned about the exhausted fleet
    flow.exhaustedFleet();
    atWatchMinute();
    await flow.sweep();
    unlimitedFleet();
    atWatchMinute(1);
    // Act: two sweeps overlap, a third comes later
    const overlapping = await Promise.all([flow.sweep(), flow.sweep()]);
    const third = await flow.sweep();
    // Assess: said once, in the environment's channel
    expect(overlapping.map((result) => result.watchCredits).sort()).toEqual([0, 1]);
    expect(third).toMatchObject({ watchCredits: 0 });
    expect(lifts()).toHaveLength(1);
    const lifted = text(lifts()[0]);
    expect(lifted).toContain('✅ web prod: CPU-credit throttle lifted — instances now unlimited (');
    expect(lifted).toContain('no longer held at the baseline');
    expect(lifted).toContain('edu-web-prod-asg');

    // Act: back to standard, and throttled again
    flow.exhaustedFleet();
    atWatchMinute(2);
    const again = await flow.sweep();
    // Assess: the warning was released, so the new throttle is warned about at once
    expect(again).toMatchObject({ watchCredits: 1 });
    const warnings = flow.posts('C0PRODOPS01').filter((call) => text(call).includes('CPU credits exhausted'));
    expect(warnings).toHaveLength(2);
  });

  it('says the credits are recovering when the load fell below the baseline, and says it later if Slack refused', async () => {
    // Prepare: warned, then the load falls; Slack refuses the first all-clear
    flow.exhaustedFleet();
    atWatchMinute();
    await flow.sweep();
    recoveringFleet();
    atWatchMinute(1);
    harness.slack.failNext('chat.postMessage', 200);
    // Act
    const refused = await flow.sweep();
    const next = await flow.sweep();
    // Assess
    expect(refused).toMatchObject({ watchCredits: 0 });
    expect(next).toMatchObject({ watchCredits: 1 });
    const said = lifts().filter((call) => call.result);
    expect(said).toHaveLength(1);
    expect(text(said[0])).toContain(
      '✅ web prod: CPU-credit throttle lifted — credits recovering (balance 60, +36/h over the last hour; CPU 4 % now)',
    );
  });

  it('says nothing of a lifted throttle about a fleet it never warned about', async () => {
    // Prepare
    unlimitedFleet();
    atWatchMinute();
    // Act
    const result = await flow.sweep();
    // Assess
    expect(result).toMatchObject({ watchCredits: 0 });
    expect(lifts()).toEqual([]);
  });
});
