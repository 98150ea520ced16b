import {
  blameFor,
  pathCovers,
  rulesToSample,
  sampleWindow,
  type SampleableRule,
  type WafSample,
} from '../../../commands/checks/waf-blame';
import { adminProtectionSamples, cliExample, sqliSamples } from '../../fakes/waf-samples';
import { ADMIN_PROTECTION_LABEL, eduWebAcl } from '../../fakes/web-acls';

const ADMIN_GROUP = 'AWS-AWSManagedRulesAdminProtectionRuleSet';
const SQLI_GROUP = 'AWS-AWSManagedRulesSQLiRuleSet';

describe('rulesToSample', () => {
  it('asks for the rules that can block, by metric name, in the order WAF runs them', () => {
    // Prepare: the prod web ACL of the AdminProtection incident, its rules out of order.
    const rules = [...eduWebAcl().Rules].reverse();
    // Act
    const sampled = rulesToSample(rules);
    // Assess: the CAPTCHA rule cannot block, and is not asked.
    expect(sampled).toEqual([
      { rule: 'block-bad-bots', metricName: 'block-bad-bots' },
      { rule: 'rate-limit-per-ip', metricName: 'rate-limit-per-ip' },
      { rule: 'AWS-AWSManagedRulesCommonRuleSet', metricName: 'AWS-AWSManagedRulesCommonRuleSet' },
      { rule: ADMIN_GROUP, metricName: ADMIN_GROUP },
      { rule: 'AWS-AWSManagedRulesKnownBadInputsRuleSet', metricName: 'AWS-AWSManagedRulesKnownBadInputsRuleSet' },
    ]);
  });

  it('skips rules that keep no samples, allow, count, or say too little', () => {
    // Prepare
    const visible = (metric: string) => ({ SampledRequestsEnabled: true, MetricName: metric });
    const rules: SampleableRule[] = [
      {
        Name: 'unsampled',
        Priority: 1,
        Action: { Block: {} },
        VisibilityConfig: { ...visible('u'), SampledRequestsEnabled: false },
      },
      {
        Name: 'allow-office',
        Priority: 2,
        Action: { Allow: {} } as SampleableRule['Action'],
        VisibilityConfig: visible('a'),
      },
      {
        Name: 'own-group',
        Priority: 3,
        Statement: { RuleGroupReferenceStatement: { ARN: 'arn' } },
        VisibilityConfig: visible('own'),
      },
      { Name: 'no-metric', Priority: 4, Action: { Block: {} }, VisibilityConfig: { SampledRequestsEnabled: true } },
      { Priority: 5, Action: { Block: {} }, VisibilityConfig: visible('nameless') },
    ];
    // Act
    const sampled = rulesToSample(rules);
    // Assess
    expect(sampled).toEqual([{ rule: 'own-group', metricName: 'own' }]);
  });
});

describe('sampleWindow', () => {
  const now = new Date('2026-12-07T12:00:00Z');

  it('keeps a window within the last 3 hours as it is', () => {
    // Act
    const window = sampleWindow(new Date('2026-12-07T11:40:00Z'), new Date('2026-12-07T11:50:00Z'), now);
    // Assess
    expect(window).toEqual({ start: new Date('2026-12-07T11:40:00Z'), end: new Date('2026-12-07T11:50:00Z') });
  });

  it('starts no earlier than 3 hours ago and ends no later than now, as WAF keeps samples', () => {
    // Act
    const window = sampleWindow(new Date('2026-12-07T06:00:00Z'), new Date('2026-12-07T13:00:00Z'), now);
    // Assess
    expect(window).toEqual({ start: new Date('2026-12-07T09:00:00Z'), end: now });
  });

  it('is none when the whole window is older than WAF keeps, or empty', () => {
    // Act
    const old = sampleWindow(new Date('2026-12-07T06:00:00Z'), new Date('2026-12-07T08:00:00Z'), now);
    const empty = sampleWindow(now, now, now);
    // Assess
    expect([old, empty]).toEqual([undefined, undefined]);
  });
});

describe('pathCovers', () => {
  it.each<[string, string, boolean]>([
    ['/admin', '/admin', true],
    ['/admin', '/admin/', true],
    ['/admin', '/admin/login/', true],
    ['/admin/', '/admin', true],
    ['/admin/login/', '/admin/login', true],
    ['/admin', '/administrator', false],
    ['/admin/login/', '/admin/', false],
    ['/', '/anything', true],
    ['/admin', '/Admin', false],
  ])('%p covers %p: %p', (path, uri, expected) => {
    // Act
    const covers = pathCovers(path, uri);
    // Assess
    expect(covers).toBe(expected);
  });
});

describe('blameFor', () => {
  it('names the rule, the rule inside its group and the labels of requests blocked under the path', () => {
    // Prepare
    const sampled = [
      { rule: 'rate-limit-per-ip', samples: [] },
      { rule: ADMIN_GROUP, samples: adminProtectionSamples('/admin/login/') },
    ];
    // Act
    const blame = blameFor('/admin', sampled);
    // Assess
    expect(blame).toEqual({
      rule: ADMIN_GROUP,
      ruleWithinGroup: 'AdminProtection_URIPATH',
      labels: [ADMIN_PROTECTION_LABEL],
      path: '/admin/login/',
    });
  });

  it('reads the CLI example as it is: a managed group blocking /, no labels', () => {
    // Prepare
    const example = cliExample();
    // Act
    const blame = blameFor('/', [{ rule: SQLI_GROUP, samples: example.SampledRequests }]);
    // Assess
    expect(blame).toEqual({ rule: SQLI_GROUP, ruleWithinGroup: 'SQLi_BODY', labels: [], path: '/' });
  });

  it('blames nothing for requests to other paths, or that were not blocked', () => {
    // Prepare
    const counted = adminProtectionSamples('/admin/').map((sample) => ({
      ...sample,
      Action: 'COUNT',
      OverriddenAction: 'BLOCK',
    }));
    // Act
    const blame = blameFor('/admin', [
      { rule: SQLI_GROUP, samples: sqliSamples() },
      { rule: ADMIN_GROUP, samples: counted },
    ]);
    // Assess
    expect(blame).toBeUndefined();
  });

  it('blames the rule whose blocked samples weigh most, and on a tie the one WAF runs first', () => {
    // Prepare: the rate limit blocked one weight-1 request to /admin; AdminProtection weighs 6 (1 + 3 + 1 + 1).
    const rateLimited: WafSample = { Action: 'BLOCK', Weight: 1, Request: { URI: '/admin/' } };
    const heavy = [
      { rule: 'rate-limit-per-ip', samples: [rateLimited] },
      { rule: ADMIN_GROUP, samples: adminProtectionSamples('/admin/') },
    ];
    const tied = [
      { rule: 'rate-limit-per-ip', samples: [rateLimited] },
      { rule: 'block-bad-bots', samples: [rateLimited] },
    ];
    // Act
    const blames = [blameFor('/admin', heavy), blameFor('/admin', tied)];
    // Assess
    expect(blames.map((blame) => blame?.rule)).toEqual([ADMIN_GROUP, 'rate-limit-per-ip']);
    expect(blames[1]).toEqual({ rule: 'rate-limit-per-ip', labels: [], path: '/admin/' });
  });

  it('takes the rule inside the group and the path from the heaviest sample, and every label once', () => {
    // Prepare
    const samples: WafSample[] = [
      {
        Action: 'BLOCK',
        Weight: 1,
        Request: { URI: '/admin/' },
        RuleNameWithinRuleGroup: 'Mine#block-admin',
        Labels: [{ Name: 'a' }],
      },
      {
        Action: 'BLOCK',
        Weight: 5,
        Request: { URI: '/admin/login/' },
        RuleNameWithinRuleGroup: 'Mine#block-login',
        Labels: [{ Name: 'b' }, { Name: 'a' }],
      },
    ];
    // Act
    const blame = blameFor('/admin', [{ rule: 'own-group', samples }]);
    // Assess
    expect(blame).toEqual({
      rule: 'own-group',
      ruleWithinGroup: 'block-login',
      labels: ['a', 'b'],
      path: '/admin/login/',
    });
  });
});
