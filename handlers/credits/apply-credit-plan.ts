import type { CreditChange } from '../../commands/credits/changes';
import type { CreditPlan } from '../../commands/credits/plan';
import type { InstanceSwitch } from '../../commands/credits/ports';
import type { EnvironmentAccount, WorkerDeps } from '../jobs/deps';
import { clientToken, launchNewVersions, sayStoppedHalfway, step, type LaunchedVersion } from './change-steps';

export interface AppliedPlan {
  instances: InstanceSwitch;
  versions: LaunchedVersion[];
  /** The API calls made, in words, for the audit record. */
  calls: string[];
}

/**
 * Applies a credit plan: the running instances, then each launch template's new version and how its group launches
 * it. A step AWS refuses stops the switch: the thread hears what was done and what was not, once per step, before
 * the failure goes to the job's retries (which continue from the recorded steps).
 */
export async function applyCreditPlan(
  plan: CreditPlan,
  change: CreditChange,
  target: EnvironmentAccount,
  deps: WorkerDeps,
  where: { channel: string; threadTs: string | undefined },
): Promise<AppliedPlan> {
  const calls: string[] = [];
  let current = 'switching the running instances';
  try {
    const ids = plan.instances.map((i) => i.id);
    const instances = ids.length
      ? await step(change, 'instances', deps, () =>
          target.creditSwitch.switchInstances(ids, plan.mode, clientToken(change, 'instances')),
        )
      : { switched: [], failed: [] };
    const versions = await launchNewVersions(
      plan.templates,
      { credits: plan.mode },
      { change, description: `blueshift: ${plan.mode} CPU credits, asked by ${change.requestedBy}`, target, deps },
      (doing) => (current = doing),
      calls,
    );
    return { instances, versions, calls };
  } catch (error) {
    await sayStoppedHalfway(change, current, error, deps, where);
    throw error;
  }
}
