import { parseTypeChoice, timingOf, type MoveTiming } from '../../commands/credits/bigger-types';
import type { CreditChange } from '../../commands/credits/changes';
import { blockedWords, movePlan, type MovePlan } from '../../commands/credits/move-plan';
import type { ActionJob, RefreshLookJob } from '../../commands/job';
import { movePreview, moveResult, type MoveOutcome } from '../../lib/slack/blocks/bigger-type';
import { audit } from '../jobs/audit';
import type { EnvironmentAccount, WorkerDeps } from '../jobs/deps';
import { once } from '../jobs/once';
import type { ActionHandler, Grant } from '../jobs/outcome';
import { refuseClick } from '../jobs/reply';
import { openClickApproval, openClickConfirmation } from '../requests/gates';
import { checkSincePreview, placeOf, rememberPreview, takeChange } from './change-claim';
import { changesMade, keptPlan, launchNewVersions, sayStoppedHalfway, step } from './change-steps';
import { checkFleetClick, type FleetClick } from './fleet-click';
import { MOVE_TYPED } from './offer-types';
import { liveGroupNames } from './running-instances';

/** The first look at a refresh comes after this long; handlers/credits/follow-refresh.ts sends the rest. */
export const FIRST_LOOK_SECONDS = 15;

export const refreshLook = (change: CreditChange, tick: number): RefreshLookJob => ({
  kind: 'refresh-look',
  id: `refresh-look:${change.id}:${tick}`.slice(0, 128),
  env: change.env,
  app: change.app,
  change: change.id,
  tick,
});

/** What the thread reply of a move keeps on the change, so the refresh's looks can edit it. */
export interface MoveReply {
  channel: string;
  ts: string;
  outcome: Omit<MoveOutcome, 'refreshes'>;
}

interface Applied {
  versions: MoveOutcome['versions'];
  refreshes: { group: string; id: string; adopted: boolean }[];
  calls: string[];
}

async function applyMove(
  plan: MovePlan,
  timing: MoveTiming,
  context: { job: ActionJob; change: CreditChange; target: EnvironmentAccount; deps: WorkerDeps },
): Promise<Applied> {
  const { job, change, target, deps } = context;
  const calls: string[] = [];
  let current = `creating a version of launch template ${plan.templates[0]?.templateName ?? ''}`;
  try {
    const description = `blueshift: ${plan.instanceType}, asked by ${change.requestedBy}`;
    const versions = await launchNewVersions(
      plan.templates,
      { instanceType: plan.instanceType },
      { change, description, target, deps },
      (doing) => (current = doing),
      calls,
    );
    const refreshes: Applied['refreshes'] = [];
    if (timing === 'refresh')
      for (const group of new Set(plan.templates.map((t) => t.group))) {
        current = `starting an instance refresh of ${group}`;
        const started = await step(change, `refresh:${group}`, deps, () => target.refreshes.start(group));
        calls.push(
          `autoscaling:StartInstanceRefresh ${group} → ${started.id}${started.adopted ? ' (one was running)' : ''}`,
        );
        refreshes.push({ group, ...started });
      }
    return { versions, refreshes, calls };
  } catch (error) {
    await sayStoppedHalfway(change, current, error, deps, placeOf(job));
    throw error;
  }
}

/** Stops the click at its gate: the approver (protected) or the operator (not) picks when it takes effect. */
async function gate(
  checked: FleetClick,
  plan: MovePlan,
  context: { job: ActionJob; change: CreditChange; grant: Grant | undefined; deps: WorkerDeps; typed: string },
): Promise<string> {
  const { job, change, grant, deps, typed } = context;
  const { ref, env, config, entry } = checked;
  const preview = movePreview(plan, ref);
  await rememberPreview(change, plan.templates, deps);
  const input = { preview, typed, env: ref.env, app: ref.app };
  const request = env.protected
    ? await openClickApproval(input, { job, deps, config })
    : await openClickConfirmation(input, { job, deps, config });
  await deps.store.creditChanges.update(ref.env, ref.app, job.id, { requestId: request.id });
  await once({ job, grant, deps }, 'gate-audited', () =>
    audit(
      {
        ...entry,
        command: typed,
        decision: 'allowed',
        detail: `${request.gate} requested (${request.id}): ${preview.summary}`,
      },
      deps,
      { announce: env.protected },
    ),
  );
  return `gate ${request.id}`;
}

/**
 * A type button of "Move to a bigger type" (`<app>:<env>:<type>`, operators): the type is checked against the fixed
 * table and the group's own family, read live; what will change is shown at a gate where the approver (or, on an
 * unprotected environment, the operator) picks when it takes effect. Then a launch template version with the type,
 * launched the way the group names its version, and for "now" an instance refresh the thread follows. Once per
 * click, the same claim and stored steps as the credit switch (docs/decisions/0026).
 */
export const moveType: ActionHandler = async (job, deps, grant) => {
  const choice = parseTypeChoice(job.value);
  if (!choice)
    return refuseClick(
      job,
      deps,
      MOVE_TYPED,
      'it names no app, environment and burstable type blueshift offers: press one of the type buttons it offered.',
    );
  const checked = await checkFleetClick(job, deps, MOVE_TYPED, 'operators', choice);
  if ('refused' in checked) return checked.refused;
  const { ref, app, entry } = checked;
  const typed = `Move to ${choice.instanceType} (${ref.app} ${ref.env})`;
  const refuse = async (status: 'done' | 'failed', reason: string, decision: 'refused' | 'succeeded' = 'refused') => {
    await deps.store.creditChanges.update(ref.env, ref.app, job.id, { status });
    await audit({ ...entry, command: typed, decision, detail: reason }, deps, { announce: decision === 'refused' });
    return refuseClick(job, deps, typed, reason);
  };
  const taken = await takeChange(job, ref, { mode: 'type', instanceType: choice.instanceType }, deps);
  if (typeof taken === 'string') return refuseClick(job, deps, typed, taken);
  const { target } = await deps.account(ref.env, job.actor);
  const groups = await liveGroupNames(app, ref.env, target);
  const live = await Promise.all(groups.map((group) => target.creditSwitch.template(group)));
  const plan = movePlan(choice.instanceType, live);
  // After the approval, first: what changed since the preview (a changed type is said as such, not as a mismatch).
  const drifted = await checkSincePreview({ job, grant, change: taken, deps }, live, 'type');
  if (drifted)
    return refuse(
      'failed',
      `nothing was changed: AWS changed since the preview: ${drifted}. Ask again to see the new preview.`,
    );
  if (!changesMade(taken).length) {
    if (!groups.length) return refuse('failed', `nothing was changed: no Auto Scaling group serves it now.`);
    if (plan.blocked.length)
      return refuse('failed', `nothing was changed: ${plan.blocked.map(blockedWords).join('. ')}.`);
    if (!plan.templates.length)
      return refuse(
        'done',
        `nothing to do: ${plan.already.map((t) => `\`${t.group}\``).join(', ')} already launch${plan.already.length === 1 ? 'es' : ''} ${choice.instanceType}; nothing was changed.`,
        'succeeded',
      );
  }
  const timing = grant ? timingOf(grant.grants) : undefined;
  const passed = checked.env.protected ? grant?.approvedBy : grant?.confirmedBy;
  if (!grant || !passed) return gate(checked, plan, { job, change: taken, grant, deps, typed });
  if (!timing) return refuse('failed', 'nothing was changed: the answer named no time for it to take effect.');
  await deps.store.creditChanges.update(ref.env, ref.app, job.id, { status: 'applying' });
  const kept = await keptPlan(taken, plan, deps);
  const applied = await applyMove(kept, timing, { job, change: taken, target, deps });
  const outcome: MoveReply['outcome'] = {
    ref,
    instanceType: choice.instanceType,
    timing,
    by: job.actor.id,
    ...(grant.approvedBy ? { approvedBy: grant.approvedBy } : {}),
    versions: applied.versions,
  };
  const where = placeOf(job);
  await step(taken, 'reply', deps, async () => {
    const refreshes = applied.refreshes.map((r) => ({
      group: r.group,
      adopted: r.adopted,
      state: { id: r.id, status: 'Pending', ended: false, succeeded: false },
    }));
    const posted = await deps.replies.post(where.channel, moveResult({ ...outcome, refreshes }), where.threadTs);
    return { channel: where.channel, ts: posted.ts, outcome } satisfies MoveReply;
  });
  await once({ job, grant, deps }, 'audited', () =>
    audit(
      {
        ...entry,
        command: typed,
        decision: 'succeeded',
        roleSession: target.roleSession,
        detail: `${movePreview(kept, ref).summary}, ${timing}${grant.approvedBy ? ` (approved by ${grant.approvedBy})` : ''}: ${applied.calls.join('; ')}`,
      },
      deps,
      { announce: true },
    ),
  );
  if (timing === 'next-deployment') {
    await deps.store.creditChanges.update(ref.env, ref.app, job.id, { status: 'done' });
    return 'moved: at the next deployment';
  }
  // The change stays `applying` (holding the app's claim) until the refresh ends: follow-refresh.ts settles it.
  await once({ job, grant, deps }, 'followed', () =>
    deps.queue.send(refreshLook(taken, 0), { delaySeconds: FIRST_LOOK_SECONDS }),
  );
  return 'moved: refreshing';
};
