import { GetSampledRequestsCommand, WAFV2Client, type GetSampledRequestsCommandInput } from '@aws-sdk/client-wafv2';
import { wafSampledRequests } from '../../../lib/aws/waf-sampled-requests';
import type { WebAclRef } from '../../../commands/waf/types';
import { simulateAccount, type SimulatedAccount } from '../../../sandbox/aws/account';
import type { SeenRequest } from '../../../sandbox/aws/waf-samples';
import { REGION, STEP_MS } from './account-helpers';

const ACL: WebAclRef = { name: 'edu-web-acl', id: '11111111-2222-3333-4444-555555555555', scope: 'REGIONAL' };
const ARN = `arn:aws:wafv2:${REGION}:111111111111:regional/webacl/edu-web-acl/11111111-2222-3333-4444-555555555555`;
const ADMIN_METRIC = 'AWS-AWSManagedRulesAdminProtectionRuleSet';
const LABEL = 'awswaf:managed:aws:admin-protection:AdminProtection_URIPath';
const HOUR = 3_600_000;

const client = new WAFV2Client({ region: REGION });
let account: SimulatedAccount;
let clock: number;

const probe = (uri: string): SeenRequest => ({
  uri,
  method: 'GET',
  clientIp: '127.0.0.1',
  country: 'KR',
  httpVersion: 'HTTP/1.1',
  headers: [
    { Name: 'host', Value: '127.0.0.1:41234' },
    { Name: 'user-agent', Value: 'node' },
  ],
});
const serve = (uri: string) => account.serveApp('edu-web-prod', probe(uri));
const ask = (input: Partial<GetSampledRequestsCommandInput> = {}) =>
  client.send(
    new GetSampledRequestsCommand({
      WebAclArn: ARN,
      RuleMetricName: ADMIN_METRIC,
      Scope: 'REGIONAL',
      TimeWindow: { StartTime: new Date(clock - HOUR), EndTime: new Date(clock) },
      MaxItems: 100,
      ...input,
    }),
  );

beforeEach(() => {
  clock = Date.parse('2026-12-06T10:00:00Z');
  account = simulateAccount({ account: '111111111111', region: REGION, stepMs: STEP_MS, now: () => new Date(clock) });
  account.scenarios.enableAdminProtection();
});
afterEach(() => account.stop());

describe('GetSampledRequests in the simulated WAF', () => {
  it('samples each request AdminProtection blocked, in the shape WAF answers, and nothing it let through', async () => {
    // Prepare
    serve('/');
    serve('/admin');
    clock += 1_000;
    account.tryRequest('/admin?next=/', '198.51.100.23');
    // Act
    const out = await ask();
    // Assess
    expect(out.PopulationSize).toBe(2);
    expect(out.TimeWindow).toEqual({ StartTime: new Date(clock - HOUR), EndTime: new Date(clock) });
    expect(out.SampledRequests?.[0]).toEqual({
      Request: {
        ClientIP: '127.0.0.1',
        Country: 'KR',
        URI: '/admin',
        Method: 'GET',
        HTTPVersion: 'HTTP/1.1',
        Headers: [
          { Name: 'host', Value: '127.0.0.1:41234' },
          { Name: 'user-agent', Value: 'node' },
        ],
      },
      Weight: 1,
      Timestamp: new Date('2026-12-06T10:00:00Z'),
      Action: 'BLOCK',
      RuleNameWithinRuleGroup: 'AWS#AWSManagedRulesAdminProtectionRuleSet#AdminProtection_URIPATH',
      Labels: [{ Name: LABEL }],
    });
    expect(out.SampledRequests?.[1]?.Request).toMatchObject({ URI: '/admin?next=/', ClientIP: '198.51.100.23' });
  });

  it('moves a window that starts more than 3 hours ago to 3 hours ago, and keeps only what is in it', async () => {
    // Prepare
    serve('/admin');
    clock += 4 * HOUR;
    serve('/admin/');
    // Act
    const out = await ask({ TimeWindow: { StartTime: new Date(clock - 5 * HOUR), EndTime: new Date(clock) } });
    const earlier = await ask({
      TimeWindow: { StartTime: new Date(clock - 2 * HOUR), EndTime: new Date(clock - HOUR) },
    });
    // Assess
    expect(out.TimeWindow?.StartTime).toEqual(new Date(clock - 3 * HOUR));
    expect(out.SampledRequests?.map((sample) => sample.Request?.URI)).toEqual(['/admin/']);
    expect(earlier).toMatchObject({ SampledRequests: [], PopulationSize: 0 });
  });

  it('returns at most MaxItems, with the whole population counted', async () => {
    // Prepare
    for (const uri of ['/admin', '/admin/users', '/admin/login']) serve(uri);
    // Act
    const out = await ask({ MaxItems: 2 });
    // Assess
    expect(out.SampledRequests).toHaveLength(2);
    expect(out.PopulationSize).toBe(3);
  });

  it.each([
    ['MaxItems 0', { MaxItems: 0 }, 'WAFInvalidParameterException'],
    ['MaxItems 501', { MaxItems: 501 }, 'WAFInvalidParameterException'],
    [
      'a window that ends before it starts',
      { TimeWindow: { StartTime: new Date(), EndTime: new Date(0) } },
      'WAFInvalidParameterException',
    ],
    ['another web ACL', { WebAclArn: ARN.replace('edu-web-acl', 'other-acl') }, 'WAFNonexistentItemException'],
    ['the CLOUDFRONT scope', { Scope: 'CLOUDFRONT' as const }, 'WAFNonexistentItemException'],
    ['a metric no rule has', { RuleMetricName: 'AWS-AWSManagedRulesSQLiRuleSet' }, 'WAFNonexistentItemException'],
  ])('refuses %s as WAF does', async (_case, input, name) => {
    await expect(ask(input)).rejects.toMatchObject({ name });
  });

  it('answers an empty sample for a rule that blocked nothing', async () => {
    serve('/admin');
    await expect(ask({ RuleMetricName: 'rate-limit-per-ip' })).resolves.toMatchObject({
      SampledRequests: [],
      PopulationSize: 0,
    });
  });

  it("lets blueshift's adapter name the rule behind a 403 on /admin", async () => {
    // Prepare
    serve('/admin');
    // Act
    const blame = await wafSampledRequests(client, () => new Date(clock)).blockedBy(
      ACL,
      '/admin',
      new Date(clock - 5 * 60_000),
      new Date(clock),
    );
    // Assess
    expect(blame).toEqual({
      rule: 'AWS-AWSManagedRulesAdminProtectionRuleSet',
      ruleWithinGroup: 'AdminProtection_URIPATH',
      labels: [LABEL],
      path: '/admin',
    });
  });
});
