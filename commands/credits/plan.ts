import type { CreditMode } from '../alarms/throttling';
import { isBurstable } from '../burstable';
import type { GroupTemplate, NoTemplate } from './ports';

/**
 * Switching an app's fleet between standard and unlimited CPU credits (docs/decisions/0026): what changes, decided
 * from what AWS says now. Pure.
 */

export interface PlannedInstance {
  id: string;
  type?: string;
  group: string;
  /** Its mode now; undefined when EC2 did not say. */
  mode?: CreditMode;
}

/**
 * How a group is made to launch the new version, so that new instances (and the group a blue/green deployment copies
 * from it, which keeps the same launch template reference) keep the setting: a group on `$Latest` launches it as soon
 * as it exists; one on `$Default` once it is the default; one on a number once the group names that number.
 */
export type TemplateUse = 'latest' | 'default' | 'pin';

export function templateUse(versionRef: string): TemplateUse {
  if (versionRef === '$Latest') return 'latest';
  if (versionRef === '$Default') return 'default';
  return 'pin';
}

export interface CreditPlan {
  mode: CreditMode;
  /** Running burstable instances not in `mode` yet: each is switched. */
  instances: PlannedInstance[];
  /** Instances already in `mode`: left alone. */
  already: PlannedInstance[];
  templates: (GroupTemplate & { use: TemplateUse })[];
  /** Groups that cannot take it: the change is refused while any is listed. */
  blocked: NoTemplate[];
}

export function creditPlan(
  mode: CreditMode,
  instances: PlannedInstance[],
  templates: (GroupTemplate | NoTemplate)[],
): CreditPlan {
  const burstable = instances.filter((instance) => isBurstable(instance.type));
  return {
    mode,
    instances: burstable.filter((instance) => instance.mode !== mode),
    already: burstable.filter((instance) => instance.mode === mode),
    templates: templates.flatMap((t) => ('problem' in t ? [] : [{ ...t, use: templateUse(t.versionRef) }])),
    blocked: templates.filter((t): t is NoTemplate => 'problem' in t),
  };
}

/**
 * The cost rule, plainly (the EC2 user guide, unlimited mode concepts): unlimited never holds an instance at its
 * baseline; when its CPU averaged over 24 hours stays above the baseline, the surplus credits it spends are billed
 * per vCPU-hour. Back to standard, surplus credits still owed are charged at once.
 */
export function costRule(mode: CreditMode): string {
  return mode === 'unlimited'
    ? 'Unlimited never holds an instance at its baseline. While CPU averaged over 24 hours stays at or below the baseline it costs nothing more; above it, the surplus credits spent are billed per vCPU-hour.'
    : 'Standard holds an instance at its baseline once its credits run out (the throttle). Surplus credits an instance has spent in unlimited mode are charged at once when it switches.';
}
