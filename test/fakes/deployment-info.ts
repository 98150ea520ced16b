import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';

/**
 * A blue/green deployment waiting for reroute, as GetDeployment returns it through the SDK
 * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentInfo.html): a copied Auto Scaling group,
 * the blue fleet terminated an hour after success, a two-hour wait for the reroute.
 */
export function deploymentInfo(overrides: Partial<DeploymentInfo> = {}): DeploymentInfo {
  return {
    applicationName: 'edu-web',
    deploymentGroupName: 'edu-web-prod',
    deploymentId: 'd-7QX2K9ABC',
    deploymentConfigName: 'CodeDeployDefault.AllAtOnce',
    status: 'Ready',
    computePlatform: 'Server',
    creator: 'user',
    description: '/deploy web prod v42 requested by alice (U0ALICE) via blueshift',
    createTime: new Date('2026-03-02T09:00:00.123Z'),
    startTime: new Date('2026-03-02T09:00:01.456Z'),
    revision: { revisionType: 'S3', s3Location: { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' } },
    previousRevision: {
      revisionType: 'S3',
      s3Location: { bucket: 'edu-artifacts', key: 'web/v41.zip', bundleType: 'zip' },
    },
    deploymentOverview: { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 4 },
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    blueGreenDeploymentConfiguration: {
      terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 60 },
      deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 120 },
      greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
    },
    instanceTerminationWaitTimeStarted: false,
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
    loadBalancerInfo: { targetGroupInfoList: [{ name: 'web-prod-tg' }] },
    deploymentStatusMessages: [],
    ...overrides,
  };
}
