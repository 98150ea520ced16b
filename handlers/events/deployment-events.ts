import * as z from 'zod';
import { logger } from '../../lib/log';
import { adoptDeployment } from '../deploy/adopt';
import { refreshProgress } from '../deploy/progress';
import { afterDeploymentSucceeded } from '../fleet/after-deployment';
import type { WorkerDeps } from '../jobs/deps';
import { isUnfixable, noteUnfixable } from './unfixable';

/** The part of a CodeDeploy state-change event the bot needs; the event carries no more than ids and a state. */
const codeDeployEvent = z.object({
  source: z.literal('aws.codedeploy'),
  'detail-type': z.enum([
    'CodeDeploy Deployment State-change Notification',
    'CodeDeploy Instance State-change Notification',
  ]),
  account: z.string().optional(),
  region: z.string().optional(),
  detail: z.object({
    // CodeDeploy's ids are `d-` and 9 characters; a far longer one is not CodeDeploy's and would overflow the state
    // table's 2,048-byte key.
    deploymentId: z.string().min(1).max(100),
    state: z.string().optional(),
    instanceId: z.string().optional(),
    application: z.string().optional(),
    deploymentGroup: z.string().optional(),
  }),
});

/**
 * A CodeDeploy deployment or instance changed state in a target account: bring that deployment's progress
 * message up to date. A deployment of a configured group that has none yet, started outside Slack, is adopted
 * (one message, like blueshift's own) or, for Auto Scaling's scale-outs, counted in the group's episode of
 * failures (docs/decisions/0021). A deployment of a configured group that succeeded, whoever started it, may have
 * replaced the group: the alarms left on the old one are looked for.
 */
export async function handleDeploymentEvent(event: unknown, deps: WorkerDeps): Promise<string> {
  const parsed = codeDeployEvent.safeParse(event);
  if (!parsed.success) {
    logger.warn('not a CodeDeploy state change; ignored', { issues: parsed.error.issues });
    return 'ignored';
  }
  const { deploymentId, state, instanceId } = parsed.data.detail;
  const { account, region } = parsed.data;
  const { application, deploymentGroup } = parsed.data.detail;
  logger.appendKeys({ deploymentId });
  let result: string;
  try {
    result = await refreshProgress(deploymentId, deps);
    // Unposted: an adopted deployment whose first post failed is posted now (its claim was given back).
    if ((result === 'unknown' || result === 'unposted') && account && region && application && deploymentGroup)
      result = await adoptDeployment({ deploymentId, instanceId, account, region, application, deploymentGroup }, deps);
  } catch (error) {
    // Lambda retries anything thrown; a refusal it would only get again is told at once instead.
    if (!isUnfixable(error)) throw error;
    await noteUnfixable(error, `progress of deployment ${deploymentId} could not be shown`, deps);
    return 'failed';
  }
  logger.info('deployment event handled', { state, instanceId, result });
  const deploymentEnded =
    parsed.data['detail-type'] === 'CodeDeploy Deployment State-change Notification' && state === 'SUCCESS';
  if (deploymentEnded && account && region && application && deploymentGroup) {
    const findings = await afterDeploymentSucceeded({ account, region, application, deploymentGroup }, deps);
    logger.info('looked for alarms left on a replaced group', { findings });
  }
  return result;
}
