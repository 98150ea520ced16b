import { GetDeploymentGroupCommand, type CodeDeployClient, type DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import { greenGroupName } from '../../commands/fleet/green-group';
import type { DeploymentGroupFleet, DeploymentGroupReader } from '../../commands/fleet/ports';
import { inGroup } from './codedeploy';

// The statuses of a deployment that has not ended; CodeDeploy's lastAttemptedDeployment carries one of them while
// a deployment runs.
const RUNNING = new Set(['Created', 'Queued', 'InProgress', 'Baking', 'Ready']);

export function toDeploymentGroupFleet(info: DeploymentGroupInfo, group: string): DeploymentGroupFleet {
  const serving = (info.autoScalingGroups ?? []).flatMap((asg) => asg.name ?? []);
  const replacedOnDeploy =
    info.deploymentStyle?.deploymentType === 'BLUE_GREEN' &&
    info.blueGreenDeploymentConfiguration?.greenFleetProvisioningOption?.action === 'COPY_AUTO_SCALING_GROUP';
  const attempt = info.lastAttemptedDeployment;
  const green =
    replacedOnDeploy && attempt?.deploymentId && attempt.status && RUNNING.has(attempt.status)
      ? { name: greenGroupName(group, attempt.deploymentId), deploymentId: attempt.deploymentId }
      : undefined;
  const alarms = info.alarmConfiguration?.enabled
    ? (info.alarmConfiguration.alarms ?? []).flatMap((alarm) => alarm.name ?? [])
    : [];
  const terminate = info.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess;
  return {
    serving,
    ...(terminate?.action === 'TERMINATE'
      ? { terminationWaitMinutes: terminate.terminationWaitTimeInMinutes ?? 0 }
      : {}),
    // Once CodeDeploy points the group at the copy, the copy is what serves; it is not "green" any more.
    ...(green && !serving.includes(green.name) ? { green } : {}),
    replacedOnDeploy,
    stopOnAlarms: alarms,
  };
}

/** The Auto Scaling groups a deployment group points at, with the green copy of a running blue/green deployment. */
export function codeDeployFleet(client: CodeDeployClient): DeploymentGroupReader {
  return {
    fleet: (application, group) =>
      inGroup(application, group, async () => {
        const { deploymentGroupInfo } = await client.send(
          new GetDeploymentGroupCommand({ applicationName: application, deploymentGroupName: group }),
        );
        return toDeploymentGroupFleet(deploymentGroupInfo ?? {}, group);
      }),
  };
}
