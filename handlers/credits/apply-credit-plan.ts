import { createHash } from 'node:crypto';
import type { CreditChange } from '../../commands/credits/changes';
import type { CreditPlan } from '../../commands/credits/plan';
import type { InstanceSwitch } from '../../commands/credits/ports';
import { section } from '../../lib/slack/blocks/kit';
import { logger } from '../../lib/log';
import type { EnvironmentAccount, WorkerDeps } from '../jobs/deps';

/** A client token per change and step: the same change retried is the same request to EC2. */
export function clientToken(change: Pick<CreditChange, 'id' | 'mode'>, step: string): string {
  return `blueshift-${createHash('sha256').update(`${change.id}\n${change.mode}\n${step}`).digest('hex').slice(0, 40)}`;
}

export interface AppliedPlan {
  instances: InstanceSwitch;
  versions: { template: string; version: number; use: string }[];
  /** The API calls made, in words, for the audit record. */
  calls: string[];
}

/**
 * Runs a step of a credit switch once: its result is kept on the change's record, so a redelivery (or the approved
 * click run again) reuses it instead of calling AWS again. A step that failed after AWS took it is repeated with the
 * same client token, which EC2 answers with the same result.
 */
async function step<T>(change: CreditChange, name: string, deps: WorkerDeps, run: () => Promise<T>): Promise<T> {
  const done = change.steps[name];
  if (done !== undefined) return JSON.parse(done) as T;
  const result = await run();
  const json = JSON.stringify(result ?? null);
  await deps.store.creditChanges.update(change.env, change.app, change.id, { step: { name, result: json } });
  change.steps[name] = json;
  return result;
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
  const versions: AppliedPlan['versions'] = [];
  let current = 'switching the running instances';
  try {
    const ids = plan.instances.map((i) => i.id);
    const instances = ids.length
      ? await step(change, 'instances', deps, () =>
          target.creditSwitch.switchInstances(ids, plan.mode, clientToken(change, 'instances')),
        )
      : { switched: [], failed: [] };
    const madeDefault = new Set<string>();
    for (const template of plan.templates) {
      current = `creating a version of launch template ${template.templateName}`;
      const version = await step(change, `version:${template.templateId}:${template.version}`, deps, () =>
        target.creditSwitch.createVersion(
          template,
          { credits: plan.mode },
          `blueshift: ${plan.mode} CPU credits, asked by ${change.requestedBy}`,
          clientToken(change, `version:${template.templateId}:${template.version}`),
        ),
      );
      calls.push(`ec2:CreateLaunchTemplateVersion ${template.templateId} from ${template.version} → ${version}`);
      current = `making ${template.group} launch version ${version}`;
      if (template.use === 'default' && !madeDefault.has(template.templateId)) {
        madeDefault.add(template.templateId);
        await step(change, `default:${template.templateId}`, deps, () =>
          target.creditSwitch.setDefaultVersion(template.templateId, version),
        );
        calls.push(`ec2:ModifyLaunchTemplate ${template.templateId} default ${version}`);
      } else if (template.use === 'pin') {
        await step(change, `pin:${template.group}`, deps, () =>
          target.creditSwitch.pinGroupVersion(template.group, template.templateId, version),
        );
        calls.push(`autoscaling:UpdateAutoScalingGroup ${template.group} version ${version}`);
      }
      const use =
        template.use === 'latest'
          ? `launched by ${template.group} ($Latest)`
          : template.use === 'default'
            ? `the default version, launched by ${template.group}`
            : `launched by ${template.group}`;
      versions.push({ template: template.templateName, version, use });
    }
    return { instances, versions, calls };
  } catch (error) {
    // Never a half-done change unannounced: the thread hears where it stopped (once per step), then it is retried.
    const said = change.steps[`halfway:${current}`];
    if (!said) {
      const done = Object.keys(change.steps).filter((name) => !name.startsWith('halfway:'));
      const text = `⚠️ The switch to ${plan.mode} credits stopped while ${current}: ${deps.describeError(error)} Done so far: ${done.length ? done.join(', ') : 'nothing'}. blueshift tries again; the audit channel hears if it gives up.`;
      await deps.replies
        .post(where.channel, { text, blocks: [section(text)] }, where.threadTs)
        .then(() =>
          deps.store.creditChanges.update(change.env, change.app, change.id, {
            step: { name: `halfway:${current}`, result: 'said' },
          }),
        )
        .catch((told: unknown) => logger.warn('could not tell the thread the switch stopped half-way', { told }));
    }
    throw error;
  }
}
