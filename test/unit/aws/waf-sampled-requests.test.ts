import {
  GetSampledRequestsCommand,
  GetWebACLCommand,
  WAFNonexistentItemException,
  WAFV2Client,
  type WebACL,
} from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { wafSampledRequests } from '../../../lib/aws/waf-sampled-requests';
import { KnownFailure } from '../../../lib/errors';
import { adminProtectionSamples, sqliSamples } from '../../fakes/waf-samples';
import { ADMIN_PROTECTION_LABEL, EDU_WEB_ACL, EDU_WEB_ACL_ARN, eduWebAcl } from '../../fakes/web-acls';

const waf = mockClient(WAFV2Client);
const NOW = new Date('2026-12-07T12:00:00Z');
const sampler = wafSampledRequests(new WAFV2Client({ region: 'ap-northeast-2' }), () => NOW);
const ADMIN_GROUP = 'AWS-AWSManagedRulesAdminProtectionRuleSet';
const since = new Date('2026-12-07T11:50:00Z');
const until = new Date('2026-12-07T11:55:00Z');
const notFound = () =>
  new WAFNonexistentItemException({
    message: 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.',
    $metadata: { httpStatusCode: 400 },
  });

beforeEach(() => {
  waf.reset();
  waf.on(GetWebACLCommand).resolves({ WebACL: eduWebAcl() as unknown as WebACL, LockToken: 'token' });
  waf.on(GetSampledRequestsCommand).resolves({ SampledRequests: [], PopulationSize: 0 });
});

describe('wafSampledRequests', () => {
  it('finds AdminProtection blocking /admin in the sampled requests of the rules that can block', async () => {
    // Prepare
    waf
      .on(GetSampledRequestsCommand, { RuleMetricName: ADMIN_GROUP })
      .resolves({ SampledRequests: adminProtectionSamples('/admin/login/'), PopulationSize: 4 });
    waf
      .on(GetSampledRequestsCommand, { RuleMetricName: 'AWS-AWSManagedRulesCommonRuleSet' })
      .resolves({ SampledRequests: sqliSamples(), PopulationSize: 4 });
    // Act
    const blame = await sampler.blockedBy(EDU_WEB_ACL, '/admin', since, until);
    // Assess
    expect(blame).toEqual({
      rule: ADMIN_GROUP,
      ruleWithinGroup: 'AdminProtection_URIPATH',
      labels: [ADMIN_PROTECTION_LABEL],
      path: '/admin/login/',
    });
    expect(waf).toHaveReceivedCommandWith(GetWebACLCommand, {
      Name: 'edu-web-acl',
      Scope: 'REGIONAL',
      Id: EDU_WEB_ACL.id,
    });
    const asked = waf.commandCalls(GetSampledRequestsCommand).map((call) => call.args[0].input);
    expect(asked.map((input) => input.RuleMetricName).sort()).toEqual(
      [
        'block-bad-bots',
        'rate-limit-per-ip',
        'AWS-AWSManagedRulesCommonRuleSet',
        ADMIN_GROUP,
        'AWS-AWSManagedRulesKnownBadInputsRuleSet',
      ].sort(),
    );
    for (const input of asked) {
      expect(input).toMatchObject({
        WebAclArn: EDU_WEB_ACL_ARN,
        Scope: 'REGIONAL',
        TimeWindow: { StartTime: since, EndTime: until },
        MaxItems: 100,
      });
    }
  });

  it('asks only for the last 3 hours, and nothing at all for a window WAF no longer keeps', async () => {
    // Act
    const long = await sampler.blockedBy(EDU_WEB_ACL, '/admin', new Date('2026-12-07T06:00:00Z'), NOW);
    const gone = await sampler.blockedBy(
      EDU_WEB_ACL,
      '/admin',
      new Date('2026-12-07T06:00:00Z'),
      new Date('2026-12-07T08:00:00Z'),
    );
    // Assess
    expect([long, gone]).toEqual([undefined, undefined]);
    expect(waf.commandCalls(GetSampledRequestsCommand)[0]?.args[0].input.TimeWindow).toEqual({
      StartTime: new Date('2026-12-07T09:00:00Z'),
      EndTime: NOW,
    });
    expect(waf).toHaveReceivedCommandTimes(GetWebACLCommand, 1);
  });

  it('passes a CloudFront web ACL’s scope on', async () => {
    // Prepare
    const edge = { name: 'edu-edge-acl', id: '66666666-7777-4888-9999-aaaaaaaaaaaa', scope: 'CLOUDFRONT' as const };
    // Act
    await sampler.blockedBy(edge, '/admin', since, until);
    // Assess
    expect(waf).toHaveReceivedCommandWith(GetWebACLCommand, { Name: edge.name, Id: edge.id, Scope: 'CLOUDFRONT' });
    expect(waf).toHaveReceivedCommandWith(GetSampledRequestsCommand, { Scope: 'CLOUDFRONT' });
  });

  it('reads on past a rule WAF has no samples under', async () => {
    // Prepare
    waf.on(GetSampledRequestsCommand, { RuleMetricName: 'block-bad-bots' }).rejects(notFound());
    waf
      .on(GetSampledRequestsCommand, { RuleMetricName: ADMIN_GROUP })
      .resolves({ SampledRequests: adminProtectionSamples('/admin/'), PopulationSize: 4 });
    // Act
    const blame = await sampler.blockedBy(EDU_WEB_ACL, '/admin', since, until);
    // Assess
    expect(blame?.rule).toBe(ADMIN_GROUP);
  });

  it('says a web ACL that is not there in words', async () => {
    // Prepare
    waf.on(GetWebACLCommand).rejects(notFound());
    // Act
    const missing = sampler.blockedBy(EDU_WEB_ACL, '/admin', since, until);
    // Assess
    await expect(missing).rejects.toThrow(KnownFailure);
    await expect(missing).rejects.toThrow(/no REGIONAL web ACL named edu-web-acl/);
    expect(waf).not.toHaveReceivedCommand(GetSampledRequestsCommand);
  });

  it('lets other failures through, for the worker to retry or report', async () => {
    // Prepare
    const denied = Object.assign(new Error('User is not authorized to perform: wafv2:GetSampledRequests'), {
      name: 'AccessDeniedException',
    });
    waf.on(GetSampledRequestsCommand).rejects(denied);
    // Act
    const refused = sampler.blockedBy(EDU_WEB_ACL, '/admin', since, until);
    // Assess
    await expect(refused).rejects.toBe(denied);
  });
});
