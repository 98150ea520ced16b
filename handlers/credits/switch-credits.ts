import type { CreditMode } from '../../commands/alarms/throttling';
import { creditPlan, type CreditPlan, type PlannedInstance } from '../../commands/credits/plan';
import type { ActionJob } from '../../commands/job';
import type { AppConfig } from '../../lib/config/schema';
import { creditPlanPreview, creditSwitchResult } from '../../lib/slack/blocks/credit-switch';
import { audit } from '../jobs/audit';
import type { EnvironmentAccount, WorkerDeps } from '../jobs/deps';
import { once } from '../jobs/once';
import type { ActionHandler, Grant } from '../jobs/outcome';
import { refuseClick } from '../jobs/reply';
import { openClickApproval } from '../requests/gates';
import { applyCreditPlan } from './apply-credit-plan';
import { checkSincePreview, placeOf, rememberPreview, takeChange } from './change-claim';
import { changesMade, keptPlan } from './change-steps';
import { checkFleetClick } from './fleet-click';
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
    const taken = await takeChange(job, ref, { mode }, deps);
    if (typeof taken === 'string') return refuseClick(job, deps, `${typed} (${ref.app} ${ref.env})`, taken);
    const { target } = await deps.account(ref.env, job.actor);
    const plan = await readPlan(app, ref.env, target, mode);
    const finish = (status: 'done' | 'failed') => deps.store.creditChanges.update(ref.env, ref.app, job.id, { status });
    if (plan.blocked.length && !changesMade(taken).length) {
      await finish('failed');
      const why = plan.blocked.map((b) => `\`${b.group}\`: ${b.problem}`).join('; ');
      await audit({ ...entry, decision: 'refused', detail: why }, deps, { announce: true });
      return refuseClick(job, deps, `${typed} (${ref.app} ${ref.env})`, `nothing was changed: ${why}.`);
    }
    const drifted = await checkSincePreview(
      { job, grant, change: taken, deps },
      [...plan.templates, ...plan.blocked],
      'credits',
    );
    if (drifted) {
      await finish('failed');
      await audit({ ...entry, decision: 'refused', detail: `after approval: ${drifted}` }, deps, { announce: true });
      return refuseClick(
        job,
        deps,
        `${typed} (${ref.app} ${ref.env})`,
        `nothing was changed: AWS changed since the preview: ${drifted}. Ask again to see the new preview.`,
      );
    }
    const preview = creditPlanPreview(plan, ref);
    if (env.protected && !grant?.approvedBy) {
      await rememberPreview(taken, plan.templates, deps);
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
    const kept = await keptPlan(taken, plan, deps);
    const applied = await applyCreditPlan(kept, taken, target, deps, placeOf(job));
    await deps.store.creditChanges.update(ref.env, ref.app, job.id, {
      status: applied.instances.failed.length ? 'partial' : 'done',
    });
    const outcome = {
      ref,
      plan: kept,
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
          detail: `${creditPlanPreview(kept, ref).summary}${grant?.approvedBy ? ` (approved by ${grant.approvedBy})` : ''}: ec2:ModifyInstanceCreditSpecification ${mode} switched ${applied.instances.switched.join(', ') || 'none'}${failed.length ? `, failed ${failed.join(', ')}` : ''}; ${applied.calls.join('; ')}`,
        },
        deps,
        { announce: true },
      ),
    );
    return failed.length ? `partial: ${failed.length} not switched` : 'switched';
  };
}
