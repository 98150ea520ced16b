import type { AppConfig } from '../../lib/config/schema';
import { KnownFailure } from '../../lib/errors';
import type { DeploymentReader, DeploymentSummary } from '../ports';
import { requesterOf, revisionLabel } from '../revision';
import type { RollbackArgs } from '../specs/rollback';
import type { DeploymentControl, DeploymentDetail } from './ports';

export type RollbackPlan =
  | { mode: 'stop'; active: DeploymentSummary; label: string }
  | {
      mode: 'redeploy';
      from: DeploymentDetail;
      fromLabel: string;
      to: DeploymentDetail;
      toLabel: string;
      deployedBy: string | undefined;
    };

/** A deployment in progress is stopped (CodeDeploy rolls it back); otherwise the previous good revision returns. */
export async function planRollback(
  args: RollbackArgs,
  app: AppConfig,
  ports: { deployments: DeploymentReader; control: DeploymentControl },
): Promise<RollbackPlan> {
  const group = app.codedeploy.groups[args.env];
  if (!group)
    throw new KnownFailure(
      `\`${args.app}\` has no CodeDeploy group in \`${args.env}\`.`,
      'Add it under apps.<app>.codedeploy.groups in the configuration.',
    );
  const { application } = app.codedeploy;
  const active = await ports.deployments.active(application, group);
  if (active) return { mode: 'stop', active, label: revisionLabel(app, active.revision?.key) ?? active.id };
  const succeeded = await ports.control.succeeded(application, group, 10);
  const [current] = succeeded;
  if (!current)
    throw new KnownFailure(
      `\`${args.app} ${args.env}\` has no successful deployment to roll back from.`,
      'Deploy a known good revision with `/deploy` instead.',
    );
  const to = succeeded.find((d) => d.revision?.key !== current.revision?.key);
  if (!to?.revision) {
    throw new KnownFailure(
      `every recent successful deployment of \`${args.app} ${args.env}\` used the current revision; there is nothing older to go back to.`,
      'Deploy a known good revision by name with `/deploy <app> <env> <revision>`.',
    );
  }
  return {
    mode: 'redeploy',
    from: current,
    fromLabel: revisionLabel(app, current.revision?.key) ?? current.id,
    to,
    toLabel: revisionLabel(app, to.revision.key) ?? to.id,
    deployedBy: requesterOf(to.description),
  };
}

/** What was confirmed, so the rollback that runs is the one people saw. */
export function planGrant(plan: RollbackPlan): string {
  return plan.mode === 'stop' ? `rollback:stop:${plan.active.id}` : `rollback:to:${plan.to.id}`;
}
