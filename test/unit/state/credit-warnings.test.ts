import { creditWarnings } from '../../../lib/state/credit-warnings';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();

const warnedAt = new Date('2026-12-06T02:00:00.000Z');
const later = new Date('2026-12-06T02:40:00.000Z');
const SIX_HOURS = 6 * 3_600_000;
const LEASE = 10 * 60_000;

describe('credit warnings', () => {
  it('gives the claim to say a throttle is lifted to one caller, only while a warning is stored', async () => {
    const warnings = creditWarnings(dynamo().table);
    expect(await warnings.claimLift('prod', 'edu-web-prod-asg', later, LEASE)).toBeUndefined();
    await warnings.claim('prod', 'edu-web-prod-asg', warnedAt, SIX_HOURS);
    const claims = await Promise.all([
      warnings.claimLift('prod', 'edu-web-prod-asg', later, LEASE),
      warnings.claimLift('prod', 'edu-web-prod-asg', later, LEASE),
    ]);
    expect(claims.filter(Boolean)).toEqual([warnedAt]);
  });

  it('takes over a claim whose holder did not say it within the lease, and gives a released claim back', async () => {
    const warnings = creditWarnings(dynamo().table);
    await warnings.claim('prod', 'edu-web-prod-asg', warnedAt, SIX_HOURS);
    await warnings.claimLift('prod', 'edu-web-prod-asg', later, LEASE);
    expect(await warnings.claimLift('prod', 'edu-web-prod-asg', new Date(later.getTime() + 60_000), LEASE)).toBe(
      undefined,
    );
    expect(await warnings.claimLift('prod', 'edu-web-prod-asg', new Date(later.getTime() + LEASE), LEASE)).toEqual(
      warnedAt,
    );
    await warnings.releaseLift('prod', 'edu-web-prod-asg');
    expect(await warnings.claimLift('prod', 'edu-web-prod-asg', later, LEASE)).toEqual(warnedAt);
  });

  it('after the lift is said and the warning released, a new throttle is warned about at once', async () => {
    const warnings = creditWarnings(dynamo().table);
    await warnings.claim('prod', 'edu-web-prod-asg', warnedAt, SIX_HOURS);
    await warnings.claimLift('prod', 'edu-web-prod-asg', later, LEASE);
    await warnings.release('prod', 'edu-web-prod-asg');
    await warnings.releaseLift('prod', 'edu-web-prod-asg'); // nothing left to give back: no error, nothing written
    expect(await warnings.claimLift('prod', 'edu-web-prod-asg', later, LEASE)).toBeUndefined();
    expect(await warnings.claim('prod', 'edu-web-prod-asg', later, SIX_HOURS)).toBe(true);
  });
});
