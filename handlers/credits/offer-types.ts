import { largerTypes } from '../../commands/credits/bigger-types';
import { blockedWords } from '../../commands/credits/move-plan';
import type { GroupTemplate } from '../../commands/credits/ports';
import type { ActionJob } from '../../commands/job';
import { typeOffers } from '../../lib/slack/blocks/bigger-type';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';
import { once } from '../jobs/once';
import { refuseClick } from '../jobs/reply';
import { placeOf } from './change-claim';
import { checkFleetClick } from './fleet-click';
import { liveGroupNames } from './running-instances';

export const MOVE_TYPED = 'Move to a bigger type';

/**
 * "Move to a bigger type" (operators): reads the app's live groups and the launch template version each launches,
 * and answers in the thread with the larger types of that family, one button each. It changes nothing; a group
 * that cannot be moved (a launch configuration, a mixed instances policy) is refused here with what to do.
 */
export async function offerTypes(job: ActionJob, deps: WorkerDeps): Promise<string> {
  const checked = await checkFleetClick(job, deps, MOVE_TYPED, 'operators');
  if ('refused' in checked) return checked.refused;
  const { ref, app, entry } = checked;
  const typed = `${MOVE_TYPED} (${ref.app} ${ref.env})`;
  const { target } = await deps.account(ref.env, job.actor);
  const groups = await liveGroupNames(app, ref.env, target);
  if (!groups.length)
    return refuseClick(job, deps, typed, `no Auto Scaling group serves ${ref.app} in ${ref.env} now.`);
  const found = await Promise.all(groups.map((group) => target.creditSwitch.template(group)));
  const blocked = found.flatMap((t) => ('problem' in t ? [t] : []));
  if (blocked.length) {
    const why = blocked.map(blockedWords).join('. ');
    return refuseClick(job, deps, typed, `nothing can be changed: ${why}.`);
  }
  const templates = found.filter((t): t is GroupTemplate => !('problem' in t));
  // Offered: the larger types of every group's family (a deployment's two groups normally run the same type).
  const offers = largerTypes(templates[0]?.instanceType).filter((offer) =>
    templates.every((t) => largerTypes(t.instanceType).some((o) => o.type === offer.type)),
  );
  if (!offers.length) {
    const types = [...new Set(templates.map((t) => t.instanceType ?? 'no type set'))].join(', ');
    return refuseClick(
      job,
      deps,
      typed,
      `${ref.app} in ${ref.env} launches ${types}: blueshift offers larger sizes of the t2, t3, t3a and t4g families only, up to 2xlarge. Change the type in your launch template or infrastructure code.`,
    );
  }
  const where = placeOf(job);
  await once({ job, grant: undefined, deps }, 'offered', () =>
    deps.replies.post(where.channel, typeOffers(ref, templates, offers), where.threadTs),
  );
  await audit(
    { ...entry, command: typed, decision: 'allowed', detail: `offered ${offers.map((o) => o.type).join(', ')}` },
    deps,
    { announce: false },
  );
  return 'offered';
}
