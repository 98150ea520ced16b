import { endScaleOut, scaleOut } from './codedeploy-scale-out';
import type { CodeDeployWorld } from './codedeploy';
import type { Fleet } from './fleet';
import { uuid } from './sdk-stub';
import { eventTime } from './templates';
import type { Timeline } from './timeline';

/**
 * Deployments nobody started in Slack (docs/decisions/0021), as the console's scenarios play them: a CI job calling
 * CodeDeploy directly, and Auto Scaling replacing an instance whose install keeps failing.
 */

/** What the CI job writes: its run, who triggered it and the commit, as GitHub Actions would. */
export const CI_RUN_URL = 'https://github.com/edu-org/web/actions/runs/4242';
export const CI_DESCRIPTION = `GitHub Actions: deploy v43 (main @ 3f7c0a1) by octocat, ${CI_RUN_URL}`;

/**
 * A CI job deploys `key` to the deployment group with CreateDeployment, creator `user` as for any IAM principal;
 * CodeDeploy refuses it, as it would, while the group has a deployment running. Returns the deployment's id.
 */
export function ciDeploys(world: CodeDeployWorld, deploymentGroup: string, key: string): string {
  const deployment = world.create({
    applicationName: world.application,
    deploymentGroupName: deploymentGroup,
    revision: world.revisionLocation(key),
    description: CI_DESCRIPTION,
  });
  return deployment.info.deploymentId ?? '';
}

export interface ChurnWorld {
  world: CodeDeployWorld;
  fleet: Fleet;
  timeline: Timeline;
  emit: (event: unknown) => void;
}

/** Steps between one failed launch and Auto Scaling's next; its install takes two. */
const RELAUNCH_STEPS = 2;
const INSTALL_STEPS = 2;

/**
 * Auto Scaling launches an instance into the deployment group's Auto Scaling group, CodeDeploy's lifecycle hook
 * deploys the last good revision to it, its ApplicationStart fails, Auto Scaling abandons the instance and launches
 * another: `failures` times, each with the events and scaling activities the real services record.
 */
export async function scaleOutKeepsFailing(churn: ChurnWorld, deploymentGroup: string, failures = 3): Promise<void> {
  const { world, fleet, timeline, emit } = churn;
  for (let attempt = 0; attempt < failures; attempt += 1) {
    if (attempt > 0 && !(await timeline.sleep(RELAUNCH_STEPS))) return;
    const group = world.group(deploymentGroup).autoScalingGroup;
    if (!group) return;
    const size = fleet.members(group).length;
    const [instanceId = ''] = fleet.launch(group, 1);
    const launchedAt = world.now();
    const deployment = scaleOut(world, deploymentGroup, instanceId);
    const id = deployment.info.deploymentId ?? '';
    emit(world.deploymentEvent(deployment, 'START'));
    if (!(await timeline.sleep(INSTALL_STEPS))) return;
    emit(endScaleOut(world, id, 'failed'));
    fleet.terminate([instanceId]);
    const reason = `Instance failed to complete user's Lifecycle Action: Lifecycle Action with token ${uuid().slice(0, 8)} was abandoned: Lifecycle Action Completed with ABANDON Result`;
    fleet.recordActivity(
      group,
      `Launching a new EC2 instance: ${instanceId}.  Status Reason: ${reason}`,
      `At ${eventTime(launchedAt)} an instance was started in response to a difference between desired and running capacity, increasing the capacity from ${size} to ${size + 1}.`,
      launchedAt,
      { reason },
    );
    emit(world.deploymentEvent(deployment, 'FAILURE'));
  }
}
