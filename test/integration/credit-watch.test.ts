import { AlarmFlow } from './alarm-flow';
import { type Harness, setClock, useStory } from './harness';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/alarms.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

/** The sweeper's clock on a five-minute mark, when the credit watch looks. */
function atWatchMinute(): void {
  const now = new Date();
  now.setUTCMinutes(Math.ceil((now.getUTCMinutes() + 1) / 5) * 5, 30, 0);
  setClock(now);
}

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
});
