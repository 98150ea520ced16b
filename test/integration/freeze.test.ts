import { CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import type { ScheduledEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { CiFlow } from './ci-flow';
import { buttonValue, emptyAutoScalingGroups, text } from './deploy-flow';
import { type Harness, lambdaContext, setClock, useStory } from './harness';

// Freezes and deploy windows (docs/decisions/0023) through the real functions. test/fixtures/config/freeze.yml:
// every environment is frozen for Chuseok (3–10 Oct 2025, Asia/Seoul), and staging deploys Mon–Fri 09:00–18:00 there.
const story = useStory((h) => new CiFlow(h), 'test/fixtures/config/freeze.yml');
let harness: Harness;
let flow: CiFlow;
beforeEach(() => ({ harness, flow } = story()));

const scheduled = JSON.parse(
  readFileSync('test/fixtures/payloads/eventbridge__scheduled-event__aws-docs.json', 'utf8'),
) as ScheduledEvent;
const sweep = () => sweeperHandler(scheduled, lambdaContext);

/** Wednesday 1 Oct 2025, 10:00 in Seoul: before the freeze, inside staging's window. */
const BEFORE = Date.parse('2025-10-01T01:00:00Z');
/** Sunday 5 Oct 2025, 10:00 in Seoul: in the freeze. */
const FROZEN = Date.parse('2025-10-05T01:00:00Z');
const creates = () => flow.codedeploy.mock.commandCalls(CreateDeploymentCommand).length;
const auditLines = () => flow.posts('C0AUDIT0001').map(text).join('\n');
const requestIn = (reply: string) => /"value":"(req-[\w-]+)"/.exec(reply)?.[1] ?? '';

describe('a /deploy in a freeze', () => {
  it('is refused with why and when deploys are allowed again, in the environment’s time zone, and changes nothing', async () => {
    // Prepare
    setClock(FROZEN);
    // Act
    const staging = await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const prod = await flow.type('/deploy web prod v43', 'U0ALICE', 'alice');
    // Assess: staging opens at 09:00 after the freeze ends at midnight (the night and the freeze are one run)
    const refusal = flow.repliesTo(staging.responseUrl).join();
    expect(refusal).toContain('`web staging` is frozen: Chuseok holidays: nobody on call');
    expect(refusal).toContain('Deploys are allowed again Fri, 10 Oct 2025, 09:00 Asia/Seoul (in 4d 23h)');
    expect(refusal).toContain('`/deploy web staging v43 override &lt;reason&gt;` asks an approver');
    expect(flow.repliesTo(prod.responseUrl).join()).toContain(
      'Deploys are allowed again Fri, 10 Oct 2025, 00:00 Asia/Seoul (in 4d 14h)',
    );
    expect(creates()).toBe(0);
    expect(flow.posts('C0PRODOPS01')).toEqual([]); // no approval asked on protected prod: refused first
    expect(auditLines()).toContain('*refused* · <@U0CAROL> `/deploy web staging v43`');
  });

  it('outside the deploy window alone: refused until the window opens', async () => {
    // Prepare: Wednesday 1 Oct, 19:00 in Seoul
    setClock(Date.parse('2025-10-01T10:00:00Z'));
    // Act
    const { responseUrl } = await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    // Assess
    expect(flow.repliesTo(responseUrl).join()).toContain(
      'is frozen: outside the deploy window Mon–Fri 09:00–18:00 Asia/Seoul. Deploys are allowed again Thu, 2 Oct 2025, 09:00 Asia/Seoul (in 14h)',
    );
    expect(creates()).toBe(0);
  });

  it('with override: becomes an approval request even on unprotected staging, announced with the reason, and deploys once approved', async () => {
    // Prepare
    setClock(FROZEN);
    // Act: carol breaks glass; she may not approve it herself, nor may dan (an operator, not an approver)
    const { responseUrl } = await flow.type(
      '/deploy web staging v43 override login outage fix',
      'U0CAROL',
      'carol',
      'C0STAGING01',
    );
    const [approval] = flow.posts('C0STAGING01');
    const requestId = buttonValue(approval, 'request.approve');
    const own = await flow.click('request.approve', requestId, 'U0CAROL', 'C0STAGING01');
    const operator = await flow.click('request.approve', requestId, 'U0DAN', 'C0STAGING01');
    const beforeApproval = creates();
    await flow.click('request.approve', requestId, 'U0BOB', 'C0STAGING01');
    // Assess: the request, in staging's channel and the audit channel, with the freeze and the reason
    expect(text(approval)).toContain('Approval needed: /deploy web staging v43 override login outage fix');
    expect(text(approval)).toContain('Break-glass: deploys are frozen');
    expect(text(approval)).toContain('Reason to deploy anyway:* login outage fix');
    expect(flow.repliesTo(responseUrl).join()).toContain('approval requested in <#C0STAGING01>');
    expect(auditLines()).toContain('through the freeze (override: login outage fix)');
    expect(flow.repliesTo(own).join()).toContain('cannot approve your own request');
    expect(flow.repliesTo(operator).join()).toContain('only approvers of `staging` may approve');
    expect(beforeApproval).toBe(0);
    // Approved: deployed once, the channel hears it went through the freeze, and the audit line says why
    expect(creates()).toBe(1);
    const broke = flow.posts('C0STAGING01').find((c) => text(c).includes('Break-glass: <@U0CAROL> deployed'));
    expect(text(broke)).toContain(
      'through the freeze (Chuseok holidays: nobody on call; outside the deploy window Mon–Fri 09:00–18:00 Asia/Seoul, until Fri, 10 Oct 2025, 09:00 Asia/Seoul',
    );
    expect(text(broke)).toContain('approved by <@U0BOB>. Reason: login outage fix.');
    expect(auditLines()).toMatch(/deployment d-\w+ started \(v43\) — through the freeze: Chuseok holidays/);
  });

  it('with override outside any freeze: said to be not needed, and deployed under the usual rules', async () => {
    // Prepare
    setClock(BEFORE);
    // Act
    const { responseUrl } = await flow.type(
      '/deploy web staging v43 override just in case',
      'U0CAROL',
      'carol',
      'C0STAGING01',
    );
    // Assess
    expect(creates()).toBe(1);
    expect(flow.repliesTo(responseUrl).join()).toContain('so `override` was not needed');
  });

  it('from CI: refused with the freeze and its end, as the request’s state', async () => {
    // Prepare
    setClock(FROZEN);
    // Act
    const answer = await flow.post({ app: 'web', env: 'staging', revision: 'v43', idempotencyKey: 'run-9001-1' });
    // Assess
    const state = (await flow.get(String(answer.body.id))).body;
    expect(state).toMatchObject({ state: 'refused' });
    expect(String(state.reason)).toContain('`web staging` is frozen: Chuseok holidays: nobody on call');
    expect(String(state.reason)).toContain('Fri, 10 Oct 2025, 09:00 Asia/Seoul');
    expect(creates()).toBe(0);
  });
});

describe('a /rollback in a freeze', () => {
  it('goes through, is announced in the channel and the audit channel, and leaves blueshift’s lock', async () => {
    // Prepare: v43 then v44 succeeded before the freeze
    setClock(BEFORE);
    for (const revision of ['v43', 'v44']) {
      await flow.type(`/deploy web staging ${revision}`, 'U0CAROL', 'carol', 'C0STAGING01');
      await flow.advance([...flow.codedeploy.deployments.keys()].at(-1) ?? '', 'succeeded');
    }
    setClock(FROZEN);
    // Act
    const { responseUrl } = await flow.type('/rollback web staging 5xx since v44', 'U0CAROL', 'carol', 'C0STAGING01');
    const preview = flow.repliesTo(responseUrl).join();
    await flow.click('request.confirm', requestIn(preview), 'U0CAROL', 'C0STAGING01');
    // Assess
    expect(preview).toContain('A rollback still goes through');
    expect(preview).toContain('stays locked by *blueshift* (\\"rolled back v44: unlock when fixed\\")');
    expect(creates()).toBe(3);
    expect(
      flow.codedeploy.mock.commandCalls(CreateDeploymentCommand).at(-1)?.args[0].input.revision?.s3Location?.key,
    ).toBe('web/v43.zip');
    const announced = flow.posts('C0STAGING01').filter((c) => text(c).includes('during the freeze'));
    expect(announced).toHaveLength(1);
    expect(text(announced[0])).toContain('<@U0CAROL> rolled back `web staging` to `v43` during the freeze');
    expect(auditLines()).toMatch(
      /rollback d-\w+ started \(v43\); locked: rolled back v44: unlock when fixed — through the freeze/,
    );
    expect(flow.repliesTo(responseUrl).join()).toContain(
      'is now locked by *blueshift*: rolled back v44: unlock when fixed',
    );
    // The lock holds after the freeze, until an operator lifts it
    await flow.advance([...flow.codedeploy.deployments.keys()].at(-1) ?? '', 'succeeded');
    setClock(Date.parse('2025-10-14T01:00:00Z'));
    const refused = await flow.type('/deploy web staging v45', 'U0DAN', 'dan', 'C0STAGING01');
    expect(flow.repliesTo(refused.responseUrl).join()).toContain('is locked by *blueshift* since');
    const unlocked = await flow.type('/deploy unlock web staging', 'U0DAN', 'dan', 'C0STAGING01');
    expect(flow.repliesTo(unlocked.responseUrl).join()).toContain("Released *blueshift*'s lock");
    await flow.type('/deploy web staging v45', 'U0DAN', 'dan', 'C0STAGING01');
    expect(creates()).toBe(4);
  });
});

describe('the sweeper', () => {
  it('announces a freeze’s start once in each channel, however sweeps overlap or are redelivered, and its end once', async () => {
    // Prepare: 3 Oct 00:00:30 in Seoul
    setClock(Date.parse('2025-10-02T15:00:30Z'));
    // Act: two sweeps at once, the same event delivered again, and the next minute's
    await Promise.all([sweep(), sweep()]);
    await sweep();
    setClock(Date.parse('2025-10-02T15:01:30Z'));
    await sweep();
    // Assess
    const started = (channel: string) => flow.posts(channel).filter((c) => text(c).includes('Deploy freeze on'));
    expect(started('C0PRODOPS01')).toHaveLength(1);
    expect(started('C0STAGING01')).toHaveLength(1);
    expect(text(started('C0PRODOPS01')[0])).toContain(
      'Deploy freeze on `prod`: Chuseok holidays: nobody on call. Deploys are refused until Fri, 10 Oct 2025, 00:00 Asia/Seoul',
    );
    expect(text(started('C0STAGING01')[0])).toContain('until Fri, 10 Oct 2025, 09:00 Asia/Seoul');

    // Act: deploys are allowed again in prod at midnight, in staging when its window opens
    setClock(Date.parse('2025-10-10T00:00:30Z'));
    await Promise.all([sweep(), sweep()]);
    await sweep();
    // Assess
    const ended = (channel: string) => flow.posts(channel).filter((c) => text(c).includes('is over'));
    expect(ended('C0PRODOPS01')).toHaveLength(1);
    expect(ended('C0STAGING01')).toHaveLength(1);
    expect(text(ended('C0STAGING01')[0])).toContain('The deploy freeze on `staging` is over (Chuseok holidays');
  });

  it('says a start Slack refused at the next sweep', async () => {
    // Prepare
    setClock(Date.parse('2025-10-02T15:00:30Z'));
    harness.slack.failNext('chat.postMessage', 200); // {ok:false}: Slack refused the post
    // Act
    const first = await sweep();
    await sweep();
    // Assess
    expect(String(first.announceFreezes)).toMatch(/failed/);
    const started = ['C0PRODOPS01', 'C0STAGING01'].map(
      (channel) => flow.posts(channel).filter((c) => text(c).includes('Deploy freeze on') && c.result?.ok).length,
    );
    expect(started).toEqual([1, 1]);
  });
});

describe('/status', () => {
  it('shows the freeze in force with its end, or the next one with its start', async () => {
    // Prepare
    const autoscaling = emptyAutoScalingGroups();
    setClock(BEFORE);
    const before = await flow.type('/status web prod', 'U0CAROL', 'carol');
    setClock(FROZEN);
    const during = await flow.type('/status web prod', 'U0CAROL', 'carol');
    autoscaling.restore();
    // Assess
    expect(flow.repliesTo(before.responseUrl).join()).toContain(
      'open · next freeze Fri, 3 Oct 2025, 00:00 Asia/Seoul (in 1d 14h): Chuseok holidays: nobody on call',
    );
    expect(flow.repliesTo(during.responseUrl).join()).toContain(
      'frozen: Chuseok holidays: nobody on call — until Fri, 10 Oct 2025, 00:00 Asia/Seoul (in 4d 14h)',
    );
  });
});
