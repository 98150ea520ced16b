import { describePrincipals, isAmong } from '../../commands/access';
import type { ActionJob } from '../../commands/job';
import { actor, escape, section } from '../../lib/slack/blocks/kit';
import { parseFindingRef } from '../../lib/slack/blocks/silent-alarms';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';
import type { Grant } from '../jobs/outcome';
import { refuseClick } from '../jobs/reply';
import { openClickApproval } from '../requests/gates';
import { moveFinding } from './silent-alarms';

const typedFor = (value: string): string => `move alarms (${value})`;

/**
 * "Move them to the live group": operators and approvers may press it, on its own finding's message only; on a
 * protected environment the click becomes an approval request, like a deploy, and runs again once approved. The
 * alarms are moved as the person who pressed it (their role session), once, whoever clicks again.
 */
export async function moveAlarmsClick(job: ActionJob, deps: WorkerDeps, grant?: Grant): Promise<string> {
  const typed = typedFor(job.value);
  const ref = parseFindingRef(job.value);
  const record = ref && (await deps.store.silentAlarms.get(ref.env, ref.group));
  if (!ref || !record?.message || !record.liveGroup) {
    return refuseClick(
      job,
      deps,
      typed,
      'blueshift has no such finding (it is kept 30 days); the daily check reports alarms that still cannot fire.',
    );
  }
  const base = { at: deps.now(), user: job.actor.id, command: typed, env: record.env, app: record.app };
  // The approved click runs again from the approval message, so only the first click is tied to the finding's.
  if (!grant && (job.channel !== record.message.channel || job.messageTs !== record.message.ts)) {
    const elsewhere = "this button is not on the finding's message, so it does not act on it.";
    await audit({ ...base, decision: 'refused', detail: elsewhere }, deps, { announce: true });
    return refuseClick(job, deps, typed, elsewhere);
  }
  if (record.move)
    return refuseClick(job, deps, typed, `they are already moved (or being moved) by ${actor(record.move.by)}.`);
  const config = await deps.config();
  const env = config.environments[record.env];
  if (!env) return refuseClick(job, deps, typed, `\`${record.env}\` is no longer configured.`);
  const allowed = [...env.access.operators, ...env.access.approvers];
  if (!(await isAmong(job.actor.id, allowed, deps.directory))) {
    const refusal = `only ${describePrincipals(allowed)} may move alarms on \`${record.env}\`.`;
    await audit({ ...base, decision: 'refused', detail: refusal }, deps, { announce: true });
    return refuseClick(job, deps, typed, refusal);
  }
  if (env.protected && !grant?.approvedBy) {
    const summary = `move ${record.alarms.length} alarm${record.alarms.length === 1 ? '' : 's'} of ${record.app} from ${record.group} to ${record.liveGroup}`;
    const preview = {
      summary,
      blocks: [
        section(
          `Move ${record.alarms.map((name) => `\`${escape(name)}\``).join(', ')} from \`${escape(record.group)}\` (gone) to \`${escape(record.liveGroup)}\`.`,
        ),
      ],
    };
    const request = await openClickApproval(
      { preview, typed, env: record.env, app: record.app },
      { job, deps, config },
    );
    await audit({ ...base, decision: 'allowed', detail: `approval requested (${request.id}): ${summary}` }, deps, {
      announce: true,
    });
    return `gate ${request.id}`;
  }
  const { target } = await deps.account(record.env, job.actor);
  const moved = await moveFinding(
    { ...record, liveGroup: record.liveGroup, message: record.message },
    { by: job.actor.id, job: job.id, automatic: false },
    target,
    deps,
  );
  if (moved === 'taken') return refuseClick(job, deps, typed, 'someone else is already moving them.');
  return 'moved';
}

export const fleetActions = { 'fleet.move-alarms': moveAlarmsClick };
