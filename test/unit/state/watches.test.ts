import { watchRecords } from '../../../lib/state/watches';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();

const startedAt = new Date('2026-12-06T09:00:00.000Z');
const until = new Date('2026-12-06T09:10:00.000Z');
const watch = { deploymentId: 'd-WATCH0001', app: 'web', env: 'prod', startedAt, until };
const result = { check: '/admin', url: 'https://edu.example/admin', passed: true, status: 200, ms: 84, at: startedAt };

describe('watch records', () => {
  it('starts a watch once, and lists it until it ends', async () => {
    const watches = watchRecords(dynamo().table);
    const first = await watches.start(watch);
    const second = await watches.start({ ...watch, startedAt: until });
    expect(first.started).toBe(true);
    expect(second).toMatchObject({ started: false, watch: { startedAt, status: 'watching', tick: 0 } });
    expect(await watches.watching()).toEqual(['d-WATCH0001']);
    expect(await watches.end('d-WATCH0001', 'ended')).toBe(true);
    expect(await watches.end('d-WATCH0001', 'ended')).toBe(false);
    expect(await watches.watching()).toEqual([]);
  });

  it('saves one look per tick: a second delivery of the same look writes nothing', async () => {
    const watches = watchRecords(dynamo().table);
    await watches.start(watch);
    const look = { status: 'watching' as const, results: [result], alarms: [], lastTickAt: until };
    expect(await watches.record('d-WATCH0001', 0, look)).toBe(true);
    expect(await watches.record('d-WATCH0001', 0, look)).toBe(false);
    expect(await watches.get('d-WATCH0001')).toMatchObject({ tick: 1, results: [result], lastTickAt: until });
  });

  it('a failed look ends the watch with what failed and the WAF rule blamed, and no look writes after it', async () => {
    const watches = watchRecords(dynamo().table);
    await watches.start(watch);
    const blame = { rule: 'AWS-AWSManagedRulesAdminProtectionRuleSet', labels: [], path: '/admin' };
    const failed = { ...result, passed: false, status: 403, problem: 'expected 200, got 403' };
    const look = { status: 'waf-blocked' as const, results: [failed], alarms: [], lastTickAt: until };
    expect(await watches.record('d-WATCH0001', 0, { ...look, failure: '403 on /admin came from the WAF', blame })).toBe(
      true,
    );
    expect(await watches.record('d-WATCH0001', 1, { ...look, status: 'watching' })).toBe(false);
    expect(await watches.get('d-WATCH0001')).toMatchObject({ status: 'waf-blocked', blame, results: [failed] });
    expect(await watches.watching()).toEqual([]);
  });
});
