import { startedByBlueshift } from '../revision';
import type { DeploymentDetail } from './ports';

/** What deployEvents does with a deployment of a configured group that has no message yet (docs/decisions/0021). */
export type AdoptionVerdict =
  /** blueshift's own job started it and posts its message; the job may still be recording it. */
  | { kind: 'own' }
  /** Auto Scaling's deployment to one new instance: no progress message, its failures are an episode. */
  | { kind: 'scale-out' }
  | { kind: 'ignore'; why: string }
  /** Shown like blueshift's own; a rollback of a deployment blueshift shows is linked to it. */
  | { kind: 'adopt'; rollbackOf: string | undefined; linkedRollback: boolean };

/**
 * Whose deployment it is and whether it is shown. `announce: own` shows only blueshift's deployments and the
 * rollbacks CodeDeploy starts of them; `all` shows every deployment of the group, whoever started it.
 */
export function judgeAdoption(
  detail: Pick<DeploymentDetail, 'creator' | 'description' | 'rollback'>,
  announce: 'all' | 'own',
  rollbackOfShown: boolean,
): AdoptionVerdict {
  if (startedByBlueshift(detail.description)) return { kind: 'own' };
  const triggeredBy = detail.rollback?.triggeredBy;
  if (triggeredBy && rollbackOfShown) return { kind: 'adopt', rollbackOf: triggeredBy, linkedRollback: true };
  if (announce === 'own') return { kind: 'ignore', why: 'the environment announces only its own deployments' };
  if (detail.creator === 'autoscaling') return { kind: 'scale-out' };
  // Runs on an instance Auto Scaling is taking away: nothing anyone started, and nothing to follow.
  if (detail.creator === 'autoscalingTermination') return { kind: 'ignore', why: 'a deployment on scale-in' };
  return { kind: 'adopt', rollbackOf: triggeredBy, linkedRollback: false };
}
