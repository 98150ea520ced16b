import { judgeTick, waitTooShort, watchProgress, type WatchRecord } from '../../../commands/checks/watch';
import type { CheckResult, CheckSet } from '../../../commands/checks/types';

const startedAt = new Date('2026-12-06T09:00:00.000Z');
const record: WatchRecord = {
  deploymentId: 'd-WATCH0001',
  app: 'web',
  env: 'prod',
  startedAt,
  until: new Date('2026-12-06T09:10:00.000Z'),
  status: 'watching',
  tick: 3,
  lastTickAt: undefined,
  results: [],
  alarms: [],
  failure: undefined,
  blame: undefined,
  overriddenBy: undefined,
  overrideReason: undefined,
};
const at = (minutes: number) => new Date(startedAt.getTime() + minutes * 60_000);
const ok = (check: string): CheckResult => ({
  check,
  url: `https://edu.example${check}`,
  passed: true,
  status: 200,
  ms: 80,
  at: startedAt,
});
const failed = (check: string, status: number): CheckResult => ({
  ...ok(check),
  passed: false,
  status,
  problem: `expected 200, got ${status}`,
});
const blame = {
  rule: 'AWS-AWSManagedRulesAdminProtectionRuleSet',
  ruleWithinGroup: 'AdminProtection_URIPATH',
  labels: [],
  path: '/admin',
};

describe('judgeTick', () => {
  it('goes on while the checks pass and no alarm fires, and passes at the end of the watch', () => {
    const findings = { results: [ok('/'), ok('/admin')], alarms: [], blames: new Map() };
    expect(judgeTick(record, findings, at(4))).toEqual({ kind: 'continue' });
    expect(judgeTick(record, findings, at(10))).toEqual({ kind: 'passed' });
  });

  it('fails on a failing check or a firing alarm, naming each', () => {
    const findings = { results: [failed('/', 500), ok('/admin')], alarms: ['edu-web-prod-5xx'], blames: new Map() };
    expect(judgeTick(record, findings, at(4))).toEqual({
      kind: 'failed',
      failure: '/ expected 200, got 500; alarm edu-web-prod-5xx is firing',
    });
  });

  it('tells a 403 the WAF samples pin on a rule, and does not fail the watch for it', () => {
    const findings = { results: [ok('/'), failed('/admin', 403)], alarms: [], blames: new Map([['/admin', blame]]) };
    expect(judgeTick(record, findings, at(4))).toEqual({
      kind: 'waf-blocked',
      blame,
      failure:
        '403 on /admin came from the WAF rule AWS-AWSManagedRulesAdminProtectionRuleSet (AdminProtection_URIPATH), not from your code: rolling back will not fix it',
    });
  });

  it('still fails when a check fails for another reason besides the WAF block', () => {
    const findings = {
      results: [failed('/', 500), failed('/admin', 403)],
      alarms: [],
      blames: new Map([['/admin', blame]]),
    };
    expect(judgeTick(record, findings, at(4))).toMatchObject({ kind: 'failed', failure: '/ expected 200, got 500' });
  });
});

describe('the watch window', () => {
  const checks: CheckSet = { http: [], watchMs: 10 * 60_000, onFailure: 'rollback' };
  it('says how far it has come', () => {
    expect(watchProgress(record, at(4))).toBe('4 of 10 min');
    expect(watchProgress(record, at(30))).toBe('10 of 10 min');
  });
  it('knows a termination wait shorter than the watch', () => {
    expect(waitTooShort(5, checks)).toBe(true);
    expect(waitTooShort(60, checks)).toBe(false);
    expect(waitTooShort(undefined, checks)).toBe(false);
  });
});
