import { describePrincipals, isAmong } from '../../commands/access';
import type { ActionJob } from '../../commands/job';
import { actor, escape, section } from '../../lib/slack/blocks/kit';
import { lockHolder, parseTakeOverValue, TAKE_OVER_ACTION, takenOverMessage } from '../../lib/slack/blocks/locks';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';
import type { Grant } from '../jobs/outcome';
import { once } from '../jobs/once';
import { refuseClick } from '../jobs/reply';
import { openClickApproval } from '../requests/gates';

/**
 * "Request take-over" on a held lock: an operator or approver of the environment asks; the request is posted in the
 * environment's channel (docs/decisions/0007's approvals), and once an approver other than the asker grants it, the
 * lock changes holder, if it is still the lock that was shown, and the channel hears it naming both.
 */
export async function takeOverClick(job: ActionJob, deps: WorkerDeps, grant?: Grant): Promise<string> {
  const ref = parseTakeOverValue(job.value);
  const typed = ref ? `/deploy lock ${ref.app} ${ref.env} (take over)` : 'take over a lock';
  if (!ref) return refuseClick(job, deps, typed, 'the button names no lock blueshift knows.');
  const config = await deps.config();
  const env = config.environments[ref.env];
  if (!env) return refuseClick(job, deps, typed, `\`${ref.env}\` is no longer configured.`);
  const base = { at: deps.now(), user: job.actor.id, command: typed, env: ref.env, app: ref.app };
  const allowed = [...env.access.operators, ...env.access.approvers];
  if (!(await isAmong(job.actor.id, allowed, deps.directory))) {
    const refusal = `only ${describePrincipals(allowed)} may take over locks on \`${ref.env}\`.`;
    await audit({ ...base, decision: 'refused', detail: refusal }, deps, { announce: true });
    return refuseClick(job, deps, typed, refusal);
  }
  const lock = await deps.store.locks.get(ref.app, ref.env);
  // A redelivery of the approved click after the take-over: done already.
  if (grant?.approvedBy && lock?.owner === job.actor.id && lock.since.getTime() !== ref.since) return 'taken over';
  if (lock?.since.getTime() !== ref.since) {
    const now = lock ? `it is now held by ${lockHolder(lock, deps.now())}` : 'it is not locked any more';
    return refuseClick(job, deps, typed, `the lock changed since it was shown: ${now}. Run \`/deploy lock\` again.`);
  }
  if (lock.owner === job.actor.id) return refuseClick(job, deps, typed, 'you hold this lock already.');
  if (!grant?.approvedBy) {
    const summary = `take over the lock on ${ref.app} ${ref.env} from ${lock.owner}`;
    const preview = {
      summary,
      blocks: [
        section(
          `${actor(job.actor.id)} asks to take over the lock on \`${escape(ref.app)} ${escape(ref.env)}\`, held by ${lockHolder(lock, deps.now())}.`,
        ),
      ],
    };
    const request = await openClickApproval({ preview, typed, env: ref.env, app: ref.app }, { job, deps, config });
    await audit({ ...base, decision: 'allowed', detail: `approval requested (${request.id}): ${summary}` }, deps, {
      announce: true,
    });
    return `gate ${request.id}`;
  }
  const taken = await deps.store.locks.transfer(lock, { owner: job.actor.id, since: deps.now() });
  if (!taken)
    return refuseClick(job, deps, typed, 'the lock changed hands while the request waited; run `/deploy lock` again.');
  const context = { job, grant, deps };
  await once(context, 'taken-over', () =>
    deps.replies.post(env.channel, takenOverMessage(taken, lock.owner, grant.approvedBy)),
  );
  await once(context, 'taken-over-audited', () =>
    audit(
      {
        ...base,
        decision: 'allowed',
        detail: `took over the lock from ${lock.owner} (approved by ${grant.approvedBy})`,
      },
      deps,
      { announce: true },
    ),
  );
  return 'taken over';
}

export const lockActions = { [TAKE_OVER_ACTION]: takeOverClick };
