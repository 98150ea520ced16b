import { UpdateWebACLCommand } from '@aws-sdk/client-wafv2';
import type { ScheduledEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { handler as slackHandler } from '../../functions/slack';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { concurrentEdit, eduWebAcl } from '../fakes/web-acls';
import { WafWorld } from '../fakes/waf-world';
import { buttonValue, DeployFlow } from './deploy-flow';
import { type Harness, lambdaContext, setClock, useStory } from './harness';

const story = useStory((h) => new DeployFlow(h));
let harness: Harness;
let flow: DeployFlow;
let waf: WafWorld;
const scheduled = JSON.parse(
  readFileSync('test/fixtures/payloads/eventbridge__scheduled-event__aws-docs.json', 'utf8'),
) as ScheduledEvent;

beforeEach(() => {
  ({ harness, flow } = story());
  waf = new WafWorld();
});
afterEach(() => waf.mock.restore());

const requestIn = (replies: string[]) => /"value":"(req-[\w-]+)"/.exec(replies.join())?.[1] ?? '';

/** alice asks, confirms her preview, and bob approves: the protected-environment path. */
async function exemptAdmin(text: string): Promise<{ preview: string; responseUrl: string }> {
  const { responseUrl } = await flow.type(`/waf-exempt ${text}`, 'U0ALICE', 'alice');
  const preview = flow.repliesTo(responseUrl).join();
  await flow.click('request.confirm', requestIn(flow.repliesTo(responseUrl)), 'U0ALICE');
  const approval = flow.posts('C0PRODOPS01').find((c) => JSON.stringify(c.args).includes('request.approve'));
  await flow.click('request.approve', buttonValue(approval, 'request.approve'), 'U0BOB');
  return { preview, responseUrl };
}

describe('/waf-exempt', () => {
  it('previews, applies over a concurrent edit without losing it, lists, and reverts by itself when it expires', async () => {
    // Prepare: another editor adds a rule between blueshift's read and write
    waf.raceNextUpdate(concurrentEdit);
    // Act
    const { preview } = await exemptAdmin(
      'prod AdminProtection /admin for 2h from 203.0.113.0/24 Django admin blocked',
    );
    const listed = await flow.type('/waf-exempt list prod', 'U0CAROL', 'carol');
    // Assess: applied on the fresh ACL, the other editor's rule kept
    expect(preview).toContain('AWS-AWSManagedRulesAdminProtectionRuleSet');
    expect(preview).toMatch(/Capacity/);
    expect(waf.mock).toHaveReceivedCommandTimes(UpdateWebACLCommand, 2);
    expect(waf.ruleNames()).toContain('block-scanners');
    const admin = waf.webAcl.Rules.find((r) => r.Name === 'AWS-AWSManagedRulesAdminProtectionRuleSet');
    expect(JSON.stringify(admin?.Statement.ManagedRuleGroupStatement?.ScopeDownStatement)).toContain(
      'blueshift:exemption:prod-',
    );
    expect([...waf.ipSets.values()][0]?.addresses).toEqual(['203.0.113.0/24']);
    const [record] = await harness.dynamo.table.query('EXEMPTION');
    const id = String(record?.id);
    expect(flow.repliesTo(listed.responseUrl).join()).toContain(id);
    const announced = harness.slack
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.args).includes('make it permanent in the infrastructure code'));
    expect(announced.map((c) => c.args.channel)).toEqual(expect.arrayContaining(['C0PRODOPS01', 'C0AUDIT0001']));

    // Act: two hours later the sweeper runs
    setClock(Date.now() + 2 * 3_600_000 + 60_000);
    const swept = await sweeperHandler(scheduled, lambdaContext);
    // Assess: exactly what was added is gone; the other editor's rule stays
    expect(swept).toMatchObject({ revertExpiredExemptions: 1 });
    expect(waf.webAcl.Rules).toStrictEqual(concurrentEdit(eduWebAcl().Rules));
    expect(waf.ipSets.size).toBe(0);
    expect(await harness.dynamo.table.query('EXEMPTION')).toEqual([]);
  });

  it('revokes an exemption on request', async () => {
    // Prepare
    await exemptAdmin('prod AdminProtection_URIPATH /admin for 1h');
    const [record] = await harness.dynamo.table.query('EXEMPTION');
    // Act
    const { responseUrl } = await flow.type(`/waf-exempt revoke ${String(record?.id)}`, 'U0ALICE', 'alice');
    // Assess
    expect(flow.repliesTo(responseUrl).join()).toContain('Revoked by <@U0ALICE>');
    expect(waf.webAcl.Rules).toStrictEqual(eduWebAcl().Rules);
  });

  it('does not extend an exemption when the approval job runs again after its worker died', async () => {
    // Prepare: alice asks and confirms; bob's approval is queued
    const { responseUrl } = await flow.type('/waf-exempt prod AdminProtection /admin for 1h', 'U0ALICE', 'alice');
    await flow.click('request.confirm', requestIn(flow.repliesTo(responseUrl)), 'U0ALICE');
    const approval = flow.posts('C0PRODOPS01').find((c) => JSON.stringify(c.args).includes('request.approve'));
    const { event } = harness.buttonClick({
      action: 'request.approve',
      value: buttonValue(approval, 'request.approve'),
      userId: 'U0BOB',
      channelId: 'C0PRODOPS01',
      messageTs: String(approval?.result?.ts),
    });
    await slackHandler(event, lambdaContext);
    const [body = ''] = harness.queued;
    await flow.drain();
    const [applied] = await harness.dynamo.table.query('EXEMPTION');
    // Act: the worker died before noting the job done; SQS delivers it again after the visibility timeout
    setClock(Date.now() + 12 * 60_000);
    const { id } = JSON.parse(body) as { id: string };
    await harness.dynamo.table.put({
      pk: `JOB#${id}`,
      sk: 'JOB',
      jobId: id,
      status: 'running',
      leaseUntil: new Date(Date.now() - 1_000).toISOString(),
    });
    harness.queued.push(body);
    await flow.drain();
    // Assess: still the hour that was approved, from when it was applied
    const [after] = await harness.dynamo.table.query('EXEMPTION');
    expect(after?.exemptUntil).toBe(applied?.exemptUntil);
    expect(waf.mock).toHaveReceivedCommandTimes(UpdateWebACLCommand, 1);
  });

  it.each([
    [
      'an unknown rule, listing candidates',
      'prod SQLiNope /admin',
      /matches \\"SQLiNope\\"\. Candidates: .*`AWS-AWSManagedRulesAdminProtectionRuleSet`/,
    ],
    ['a path without a leading slash', 'prod AdminProtection admin', /not a URL path/],
    ['a duration over the environment limit', 'prod AdminProtection /admin for 9h', /at most 8h/],
    ['a range that is not CIDR', 'prod AdminProtection /admin from 203.0.113.7', /not an address range/],
  ])('refuses %s and changes nothing', async (_case, text, expected) => {
    // Act
    const { ack, responseUrl } = await flow.type(`/waf-exempt ${text}`, 'U0ALICE', 'alice');
    // Assess
    expect(`${ack} ${flow.repliesTo(responseUrl).join()}`).toMatch(expected);
    expect(waf.mock).toHaveReceivedCommandTimes(UpdateWebACLCommand, 0);
  });

  it('refuses someone who is not an operator of the environment, and audits it', async () => {
    // Act
    const { ack } = await flow.type('/waf-exempt prod AdminProtection /admin', 'U0MALLORY', 'mallory');
    // Assess
    expect(ack).toContain('only operators of `prod`');
    expect(
      harness.slack
        .callsTo('chat.postMessage')
        .some((c) => c.args.channel === 'C0AUDIT0001' && JSON.stringify(c.args).includes('U0MALLORY')),
    ).toBe(true);
    expect(waf.mock).toHaveReceivedCommandTimes(UpdateWebACLCommand, 0);
  });
});
