import { createHash } from 'node:crypto';
import { changeWords, type CreditChange } from '../../commands/credits/changes';
import type { TemplateUse } from '../../commands/credits/plan';
import type { GroupTemplate } from '../../commands/credits/ports';
import { logger } from '../../lib/log';
import { section } from '../../lib/slack/blocks/kit';
import type { EnvironmentAccount, WorkerDeps } from '../jobs/deps';

/**
 * The once-only steps a change of an app's fleet is made of (the credit switch, the move to a bigger type): each
 * step's result is kept on the change's record, EC2 writes carry a client token per change and step, and a step that
 * fails is said once in the thread before the job's retries continue from the recorded steps (docs/decisions/0026).
 */

/** Steps that record what was shown or said, not a change made in AWS. */
const BOOKKEEPING = /^(halfway:|preview$|plan$|reply$)/;

/** A client token per change and step: the same change retried is the same request to EC2. */
export function clientToken(change: Pick<CreditChange, 'id' | 'mode'>, step: string): string {
  return `blueshift-${createHash('sha256').update(`${change.id}\n${change.mode}\n${step}`).digest('hex').slice(0, 40)}`;
}

/**
 * Runs a step of a change once: its result is kept on the change's record, so a redelivery (or the approved click
 * run again) reuses it instead of calling AWS again. A step that failed after AWS took it is repeated with the same
 * client token, which EC2 answers with the same result.
 */
export async function step<T>(change: CreditChange, name: string, deps: WorkerDeps, run: () => Promise<T>): Promise<T> {
  const done = change.steps[name];
  if (done !== undefined) return JSON.parse(done) as T;
  const result = await run();
  const json = JSON.stringify(result ?? null);
  await deps.store.creditChanges.update(change.env, change.app, change.id, { step: { name, result: json } });
  change.steps[name] = json;
  return result;
}

/**
 * The plan a change applies, kept with its first step: a redelivery applies the same plan rather than one read again
 * from AWS, where the change's own first steps (a new version, now the group's) would look like a new starting point.
 */
export function keptPlan<T>(change: CreditChange, plan: T, deps: WorkerDeps): Promise<T> {
  return step(change, 'plan', deps, () => Promise.resolve(plan));
}

/** The steps that changed something in AWS so far, by name. */
export function changesMade(change: CreditChange): string[] {
  return Object.keys(change.steps).filter((name) => !BOOKKEEPING.test(name));
}

/**
 * Never a half-done change unannounced: the thread hears where it stopped and what was done (once per step where it
 * stopped); then the failure goes to the job's retries.
 */
export async function sayStoppedHalfway(
  change: CreditChange,
  current: string,
  error: unknown,
  deps: WorkerDeps,
  where: { channel: string; threadTs: string | undefined },
): Promise<void> {
  if (change.steps[`halfway:${current}`]) return;
  const done = changesMade(change);
  const text = `⚠️ The ${changeWords(change)} stopped while ${current}: ${deps.describeError(error)} Done so far: ${done.length ? done.join(', ') : 'nothing'}. blueshift tries again; the audit channel hears if it gives up.`;
  await deps.replies
    .post(where.channel, { text, blocks: [section(text)] }, where.threadTs)
    .then(() =>
      deps.store.creditChanges.update(change.env, change.app, change.id, {
        step: { name: `halfway:${current}`, result: 'said' },
      }),
    )
    .catch((told: unknown) => logger.warn('could not tell the thread the change stopped half-way', { told }));
}

export interface LaunchedVersion {
  template: string;
  version: number;
  use: string;
}

/**
 * A new version of each group's launch template with `data` changed, then made the version the group launches,
 * following the group's own reference: `$Latest` takes it as it is made, `$Default` once it is the default, a number
 * once the group names the new one. `progress` is told what is being done, for the half-way announcement.
 */
export async function launchNewVersions(
  templates: (GroupTemplate & { use: TemplateUse })[],
  data: { credits?: 'standard' | 'unlimited'; instanceType?: string },
  context: { change: CreditChange; description: string; target: EnvironmentAccount; deps: WorkerDeps },
  progress: (doing: string) => void,
  calls: string[],
): Promise<LaunchedVersion[]> {
  const { change, description, target, deps } = context;
  const versions: LaunchedVersion[] = [];
  const madeDefault = new Set<string>();
  for (const template of templates) {
    progress(`creating a version of launch template ${template.templateName}`);
    const name = `version:${template.templateId}:${template.version}`;
    const version = await step(change, name, deps, () =>
      target.creditSwitch.createVersion(template, data, description, clientToken(change, name)),
    );
    calls.push(`ec2:CreateLaunchTemplateVersion ${template.templateId} from ${template.version} → ${version}`);
    progress(`making ${template.group} launch version ${version}`);
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
  return versions;
}
