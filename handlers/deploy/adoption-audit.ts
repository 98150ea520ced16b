import type { DeploymentLink } from '../../commands/deploy/ports';
import { logger } from '../../lib/log';
import { audit } from '../jobs/audit';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { OUTSIDE_SLACK } from './progress';

const DESCRIPTION_IN_AUDIT = 120;

/**
 * Said once, by whoever posted an adopted deployment's message: who or what started it outside Slack, as CodeDeploy
 * tells it (docs/decisions/0021).
 */
export async function auditAdoption(link: DeploymentLink, deps: WorkerDeps): Promise<void> {
  const creator = link.origin?.creator ?? 'an unnamed creator';
  const said = link.origin?.description?.trim();
  const description = said
    ? `: "${said.length > DESCRIPTION_IN_AUDIT ? `${said.slice(0, DESCRIPTION_IN_AUDIT - 1)}…` : said}"`
    : '';
  await audit(
    {
      at: deps.now(),
      user: SYSTEM_ACTOR.id,
      command: OUTSIDE_SLACK,
      decision: 'allowed',
      detail: `${link.kind} of ${link.revision} started outside Slack by ${creator}${description}`,
      env: link.env,
      app: link.app,
      deploymentId: link.deploymentId,
    },
    deps,
    { announce: true },
  ).catch((error: unknown) =>
    // The message is posted; an audit line Slack refused must not post the message again on a retry.
    logger.error('could not audit a deployment started outside Slack', { deploymentId: link.deploymentId, error }),
  );
}
