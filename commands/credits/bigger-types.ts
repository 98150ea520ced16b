import { burstableProfile, type BurstableProfile } from '../burstable';

/**
 * The types "Move to a bigger type" offers (docs/decisions/0026): the sizes of a burstable family in order, so a
 * group is offered only the larger sizes of its own family (t3.micro → t3.small, t3.medium, …). A fixed table: a
 * type a click names is valid only when it is here, in the group's family and larger than what it runs now.
 * Baselines and vCPUs come from commands/burstable.ts (the EC2 user guide's credit table); prices are not ours to say.
 */
const SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'] as const;
const FAMILIES = ['t2', 't3', 't3a', 't4g'] as const;

export interface TypeOffer {
  type: string;
  profile: BurstableProfile;
}

function split(instanceType: string): { family: string; size: number } | undefined {
  const [family = '', size = '', ...rest] = instanceType.split('.');
  const index = SIZES.indexOf(size as (typeof SIZES)[number]);
  if (rest.length || index < 0 || !(FAMILIES as readonly string[]).includes(family)) return undefined;
  return { family, size: index };
}

/** The larger types of `current`'s family, smallest first; none for a type outside the table. */
export function largerTypes(current: string | undefined): TypeOffer[] {
  const at = current ? split(current) : undefined;
  if (!at) return [];
  return SIZES.slice(at.size + 1).flatMap((size) => {
    const type = `${at.family}.${size}`;
    const profile = burstableProfile(type);
    return profile ? [{ type, profile }] : [];
  });
}

/** Whether `chosen` is one of the types offered for a group on `current`. */
export function isOfferedFor(current: string | undefined, chosen: string): boolean {
  return largerTypes(current).some((offer) => offer.type === chosen);
}

/** Whether a type is in the table at all (a click naming anything else is forged). */
export function isKnownType(instanceType: string): boolean {
  return split(instanceType) !== undefined && burstableProfile(instanceType) !== undefined;
}

/** "20 % baseline × 2 vCPUs": what a type gives in baseline terms. */
export function baselineWords(profile: BurstableProfile): string {
  return `${profile.baselinePercent} % baseline × ${profile.vcpus} vCPU${profile.vcpus === 1 ? '' : 's'}`;
}

/**
 * What the "Move to a bigger type" type buttons carry: the app, the environment and the chosen type
 * (`web:prod:t3.small`). Nothing else; the group and its template are read live.
 */
export interface TypeChoice {
  app: string;
  env: string;
  instanceType: string;
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function typeChoiceValue(choice: TypeChoice): string {
  return `${choice.app}:${choice.env}:${choice.instanceType}`;
}

export function parseTypeChoice(value: string): TypeChoice | undefined {
  const parts = value.split(':');
  if (parts.length !== 3) return undefined;
  const [app = '', env = '', instanceType = ''] = parts;
  return NAME.test(app) && NAME.test(env) && isKnownType(instanceType) ? { app, env, instanceType } : undefined;
}

/** When a move takes effect: chosen by the approver (or, unprotected, the operator) at the gate. */
export type MoveTiming = 'next-deployment' | 'refresh';
export const MOVE_TIMINGS: readonly MoveTiming[] = ['next-deployment', 'refresh'];
const GRANT_PREFIX = 'when:';

export const timingGrant = (timing: MoveTiming) => `${GRANT_PREFIX}${timing}`;

/** The timing a gate's grants carry, if exactly one known one. */
export function timingOf(grants: readonly string[]): MoveTiming | undefined {
  const found = MOVE_TIMINGS.filter((timing) => grants.includes(timingGrant(timing)));
  return found.length === 1 ? found[0] : undefined;
}
