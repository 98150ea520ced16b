import { CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import type { ScheduledEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { buttonValue, DeployFlow, text } from './deploy-flow';
import { type Harness, lambdaContext, setClock, useStory } from './harness';

// Deploy locks with an end, the lock a rollback leaves, and take-overs, through the real functions.
const story = useStory((h) => new DeployFlow(h));
let harness: Harness;
let flow: DeployFlow;
beforeEach(() => ({ harness, flow } = story()));

const scheduled = JSON.parse(
  readFileSync('test/fixtures/payloads/eventbridge__scheduled-event__aws-docs.json', 'utf8'),
) as ScheduledEvent;
const sweep = () => sweeperHandler(scheduled, lambdaContext);
const START = Date.parse('2025-10-14T01:00:00Z');
const creates = () => flow.codedeploy.mock.commandCalls(CreateDeploymentCommand).length;
const minutes = (n: number) => START + n * 60_000;
/** The Request take-over button's value in a reply. */
const takeOverValue = (reply: string) =>
  /"action_id":"lock\.takeover","text":\{[^}]*\},"value":"([^"]+)"/.exec(reply)?.[1] ?? '';

describe('/deploy lock … for <duration>', () => {
  it('holds until its end, then the sweeper lifts it and says so once', async () => {
    // Prepare
    setClock(START);
    const locked = await flow.type('/deploy lock web staging for 30m load test', 'U0CAROL', 'carol', 'C0STAGING01');
    // Act: dan tries within the half hour; the sweeper looks before and after its end
    setClock(minutes(29));
    const refused = await flow.type('/deploy web staging v44', 'U0DAN', 'dan', 'C0STAGING01');
    const early = await sweep();
    setClock(minutes(30.5));
    await Promise.all([sweep(), sweep()]);
    await sweep();
    const allowed = await flow.type('/deploy web staging v44', 'U0DAN', 'dan', 'C0STAGING01');
    // Assess
    expect(flow.repliesTo(locked.responseUrl).join()).toContain('the lock then lifts by itself');
    expect(flow.repliesTo(refused.responseUrl).join()).toContain(
      'is locked by <@U0CAROL> since 2025-10-14 01:00 UTC until 2025-10-14 01:30 UTC: load test',
    );
    expect(early).toMatchObject({ expireLocks: 0 });
    const expired = flow.posts('C0STAGING01').filter((c) => text(c).includes('expired'));
    expect(expired).toHaveLength(1);
    expect(text(expired[0])).toContain("`web staging`'s lock by <@U0CAROL> expired (load test)");
    expect(flow.repliesTo(allowed.responseUrl).join()).toContain('Started `d-');
    expect(creates()).toBe(1);
    const audited = (await harness.dynamo.table.query('AUDIT#2025-10-14')).map(
      (a) => `${String(a.decision)} ${String(a.detail)}`,
    );
    expect(audited).toContainEqual(expect.stringMatching(/^expired the lock ran out at 2025-10-14T01:30/));
  });

  it('refuses a duration longer than 30 days, changing nothing', async () => {
    // Act
    const { responseUrl } = await flow.type('/deploy lock web staging for 40d', 'U0CAROL', 'carol', 'C0STAGING01');
    const after = await flow.type('/deploy web staging v44', 'U0DAN', 'dan', 'C0STAGING01');
    // Assess
    expect(flow.repliesTo(responseUrl).join()).toContain('a lock lasts at most 30d');
    expect(creates()).toBe(1);
    expect(flow.repliesTo(after.responseUrl).join()).toContain('Started');
  });
});

describe('a take-over of a held lock', () => {
  it('names who holds it since when, offers a request an approver grants, then changes holder and tells both', async () => {
    // Prepare
    setClock(START);
    await flow.type('/deploy lock web staging schema migration', 'U0CAROL', 'carol', 'C0STAGING01');
    setClock(minutes(90));
    // Act: dan asks for the lock, then requests a take-over from the answer's button
    const { responseUrl } = await flow.type('/deploy lock web staging hotfix', 'U0DAN', 'dan', 'C0STAGING01');
    const held = flow.repliesTo(responseUrl).join();
    const value = takeOverValue(held);
    await flow.click('lock.takeover', value, 'U0DAN', 'C0STAGING01');
    const [request] = flow.posts('C0STAGING01');
    const requestId = buttonValue(request, 'request.approve');
    const own = await flow.click('request.approve', requestId, 'U0DAN', 'C0STAGING01');
    const stillCarols = await flow.type('/deploy web staging v44', 'U0DAN', 'dan', 'C0STAGING01');
    await flow.click('request.approve', requestId, 'U0BOB', 'C0STAGING01');
    const nowDans = await flow.type('/deploy web staging v44', 'U0CAROL', 'carol', 'C0STAGING01');
    // Assess
    expect(held).toContain('is already locked by <@U0CAROL> since 2h ago: schema migration');
    expect(held).toContain('Request take-over');
    expect(text(request)).toContain('<@U0DAN> asks to take over the lock on `web staging`, held by <@U0CAROL>');
    expect(flow.repliesTo(own).join()).toContain('cannot approve your own request');
    expect(flow.repliesTo(stillCarols.responseUrl).join()).toContain('locked by <@U0CAROL>');
    const taken = flow.posts('C0STAGING01').find((c) => text(c).includes('took over'));
    expect(text(taken)).toContain(
      '<@U0DAN> took over the lock on `web staging` from <@U0CAROL> (approved by <@U0BOB>)',
    );
    expect(flow.repliesTo(nowDans.responseUrl).join()).toContain('locked by <@U0DAN>');
    expect(creates()).toBe(0);
    const audit = flow.posts('C0AUDIT0001').map(text).join('\n');
    expect(audit).toContain('took over the lock from U0CAROL (approved by U0BOB)');
  });

  it('refuses a take-over of a lock that changed hands since it was shown', async () => {
    // Prepare
    setClock(START);
    await flow.type('/deploy lock web staging schema migration', 'U0CAROL', 'carol', 'C0STAGING01');
    const { responseUrl } = await flow.type('/deploy lock web staging', 'U0DAN', 'dan', 'C0STAGING01');
    const value = takeOverValue(flow.repliesTo(responseUrl).join());
    await flow.type('/deploy unlock web staging', 'U0CAROL', 'carol', 'C0STAGING01');
    // Act
    const click = await flow.click('lock.takeover', value, 'U0DAN', 'C0STAGING01');
    // Assess
    expect(flow.repliesTo(click).join()).toContain('the lock changed since it was shown: it is not locked any more');
    expect(flow.posts('C0STAGING01')).toEqual([]);
  });
});

describe('the lock a rollback leaves', () => {
  it('is shown on the rollback’s progress message and refuses the next deploy until unlocked', async () => {
    // Prepare: v43 then v44 succeeded
    for (const revision of ['v43', 'v44']) {
      await flow.type(`/deploy web staging ${revision}`, 'U0CAROL', 'carol', 'C0STAGING01');
      await flow.advance([...flow.codedeploy.deployments.keys()].at(-1) ?? '', 'succeeded');
    }
    // Act
    const { responseUrl } = await flow.type('/rollback web staging', 'U0CAROL', 'carol', 'C0STAGING01');
    const preview = flow.repliesTo(responseUrl).join();
    await flow.click('request.confirm', /"value":"(req-[\w-]+)"/.exec(preview)?.[1] ?? '', 'U0CAROL', 'C0STAGING01');
    const rollbackId = [...flow.codedeploy.deployments.keys()].at(-1) ?? '';
    await flow.advance(rollbackId, 'start');
    const refused = await flow.type('/deploy web staging v45', 'U0DAN', 'dan', 'C0STAGING01');
    // Assess
    const progress = flow.posts('C0STAGING01').find((c) => text(c).includes(rollbackId) && !c.args.thread_ts);
    const shown = text(flow.updatesOf(String(progress?.result?.ts)).at(-1));
    expect(shown).toContain('is locked by *blueshift* since just now: rolled back v44: unlock when fixed');
    expect(flow.repliesTo(refused.responseUrl).join()).toContain(
      'Once it is fixed, `/deploy unlock web staging` lifts it',
    );
    expect(creates()).toBe(3);
  });
});
