import type { CreditMode } from '../../commands/alarms/throttling';
import { holdsTheSwitch, type CreditChange } from '../../commands/credits/changes';
import { creditPlan, type CreditPlan, type PlannedInstance } from '../../commands/credits/plan';
import type { ActionJob } from '../../commands/job';
import type { AppConfig } from '../../lib/config/schema';
import { creditPlanPreview, creditSwitchResult } from '../../lib/slack/blocks/credit-switch';
import { actor } from '../../lib/slack/blocks/kit';
import { audit } from '../jobs/audit';
import type { EnvironmentAccount, WorkerDeps } from '../jobs/deps';
import { once } from '../jobs/once';
import type { ActionHandler, Grant } from '../jobs/outcome';
import { refuseClick } from '../jobs/reply';
import { openClickApproval } from '../requests/gates';
import { applyCreditPlan } from './apply-credit-plan';
import { checkFleetClick, type FleetClick } from './fleet-click';
import { runningInstances } from './running-instances';

const TYPED: Record<CreditMode, string> = {
  unlimited: 'Switch to unlimited credits',
  standard: 'Switch back to standard credits',
};

/** What AWS says now: the app's running instances and their modes, and each group's launch template. */
async function readPlan(
  app: AppConfig,
  env: string,
  target: EnvironmentAccount,
  mode: CreditMode,
): Promise<CreditPlan> {
  const { groups, instances } = await runningInstances(app, env, target);
  const [modes, templates] = await Promise.all([
    instances.length
      ? target.insights.creditModes(instances.map((i) => i.id))
      : Promise.resolve(new Map<string, CreditMode>()),
    Promise.all(groups.map((group) => target.creditSwitch.template(group))),
  ]);
  const planned: PlannedInstance[] = instances.map((i) => {
    const current = modes.get(i.id);
    return { ...i, ...(current ? { mode: current } : {}) };
  });
  return creditPlan(mode, planned, templates);
}

/**
 * Why this click may not take the app's switch now, or undefined when it may: another switch holds it (waiting for
 * approval, or being applied), or the fleet is already in that mode by a finished switch.
 */
async function claimRefusal(current: CreditChange | undefined, deps: WorkerDeps): Promise<string | undefined> {
  if (!current) return undefined;
  const request = current.requestId ? await deps.store.requests.get(current.requestId) : undefined;
  if (!holdsTheSwitch(current, request?.status)) return undefined;
  return current.status === 'applying'
    ? `${actor(current.requestedBy)}'s switch to ${current.mode} credits is being applied right now.`
    : `${actor(current.requestedBy)} already asked to switch to ${current.mode} credits; it waits for an approver.`;
}

/** The click's place for the outcome: the thread of the message it was on, else the environment's channel. */
const placeOf = (job: ActionJob) => ({ channel: job.channel, threadTs: job.threadTs ?? job.messageTs });

async function takeSwitch(
  job: ActionJob,
  checked: FleetClick,
  mode: CreditMode,
  deps: WorkerDeps,
): Promise<CreditChange | string> {
  const { ref } = checked;
  const current = await deps.store.creditChanges.get(ref.env, ref.app);
  if (current?.id === job.id) return current; // this click, again: approved, or redelivered
  const refusal = await claimRefusal(current, deps);
  if (refusal) return refusal;
  const change: CreditChange = {
    env: ref.env,
    app: ref.app,
    id: job.id,
    mode,
    status: 'asked',
    requestedBy: job.actor.id,
    at: deps.now(),
    steps: {},
  };
  if (!(await deps.store.creditChanges.claim(change, current?.id)))
    return 'someone else is switching it right now; their outcome comes in the thread.';
  return change;
}

/**
 * "Switch to unlimited credits" and "Switch back to standard credits" (operators): what will change is read from
 * AWS and shown; on a protected environment it becomes an approval request, like a deploy, and runs again once
 * approved. Then every running burstable instance is switched (each one's result reported) and the group's launch
 * template gets a version with the setting, which the group launches (docs/decisions/0026). Once per click, whoever
 * clicks again or however often SQS delivers it.
 */
export function switchCredits(mode: CreditMode): ActionHandler {
  return async (job: ActionJob, deps: WorkerDeps, grant?: Grant): Promise<string> => {
    const typed = TYPED[mode];
    const checked = await checkFleetClick(job, deps, typed, 'operators');
    if ('refused' in checked) return checked.refused;
    const { ref, env, app, config, entry } = checked;
    const taken = await takeSwitch(job, checked, mode, deps);
    if (typeof taken === 'string') return refuseClick(job, deps, `${typed} (${ref.app} ${ref.env})`, taken);
    const { target } = await deps.account(ref.env, job.actor);
    const plan = await readPlan(app, ref.env, target, mode);
    const finish = (status: 'done' | 'failed') => deps.store.creditChanges.update(ref.env, ref.app, job.id, { status });
    if (plan.blocked.length && !Object.keys(taken.steps).length) {
      await finish('failed');
      const why = plan.blocked.map((b) => `\`${b.group}\`: ${b.problem}`).join('; ');
      await audit({ ...entry, decision: 'refused', detail: why }, deps, { announce: true });
      return refuseClick(job, deps, `${typed} (${ref.app} ${ref.env})`, `nothing was changed: ${why}.`);
    }
    const preview = creditPlanPreview(plan, ref);
    if (env.protected && !grant?.approvedBy) {
      const request = await openClickApproval(
        { preview, typed: `${typed} (${ref.app} ${ref.env})`, env: ref.env, app: ref.app },
        { job, deps, config },
      );
      await deps.store.creditChanges.update(ref.env, ref.app, job.id, { requestId: request.id });
      await once({ job, grant, deps }, 'gate-audited', () =>
        audit(
          { ...entry, decision: 'allowed', detail: `approval requested (${request.id}): ${preview.summary}` },
          deps,
          { announce: true },
        ),
      );
      return `gate ${request.id}`;
    }
    await deps.store.creditChanges.update(ref.env, ref.app, job.id, { status: 'applying' });
    const applied = await applyCreditPlan(plan, taken, target, deps, placeOf(job));
    await deps.store.creditChanges.update(ref.env, ref.app, job.id, {
      status: applied.instances.failed.length ? 'partial' : 'done',
    });
    const outcome = {
      ref,
      plan,
      by: job.actor.id,
      ...(grant?.approvedBy ? { approvedBy: grant.approvedBy } : {}),
      ...applied,
    };
    const where = placeOf(job);
    await once({ job, grant, deps }, 'switched', () =>
      deps.replies.post(where.channel, creditSwitchResult(outcome), where.threadTs),
    );
    const failed = applied.instances.failed.map((f) => `${f.id} (${f.code})`);
    await once({ job, grant, deps }, 'audited', () =>
      audit(
        {
          ...entry,
          decision: failed.length ? 'failed' : 'succeeded',
          roleSession: target.roleSession,
          detail: `${preview.summary}${grant?.approvedBy ? ` (approved by ${grant.approvedBy})` : ''}: ec2:ModifyInstanceCreditSpecification ${mode} switched ${applied.instances.switched.join(', ') || 'none'}${failed.length ? `, failed ${failed.join(', ')}` : ''}; ${applied.calls.join('; ')}`,
        },
        deps,
        { announce: true },
      ),
    );
    return failed.length ? `partial: ${failed.length} not switched` : 'switched';
  };
}
