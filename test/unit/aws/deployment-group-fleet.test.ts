import { CodeDeployClient, GetDeploymentGroupCommand, type DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { DeploymentGroupNotFoundError } from '../../../lib/aws/codedeploy';
import { codeDeployFleet } from '../../../lib/aws/deployment-group-fleet';

const codedeploy = mockClient(CodeDeployClient);
const reader = codeDeployFleet(new CodeDeployClient({ region: 'ap-northeast-2' }));

const blueGreen = (changes: Partial<DeploymentGroupInfo> = {}): DeploymentGroupInfo => ({
  applicationName: 'edu-web',
  deploymentGroupName: 'edu-web-prod',
  autoScalingGroups: [
    { name: 'edu-web-prod-asg', hook: 'CodeDeploy-managed-automatic-launch-deployment-hook-edu-web-prod-1a2b' },
  ],
  deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
  blueGreenDeploymentConfiguration: {
    terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 60 },
    deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 120 },
    greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
  },
  alarmConfiguration: { enabled: true, alarms: [{ name: 'edu-web-prod-5xx-rate' }] },
  lastSuccessfulDeployment: { deploymentId: 'd-PREV00001', status: 'Succeeded' },
  ...changes,
});

beforeEach(() => {
  codedeploy.reset();
});

describe('codeDeployFleet', () => {
  it('reads the serving group and the stop-on-alarm list from the deployment group', async () => {
    // Prepare
    codedeploy.on(GetDeploymentGroupCommand).resolves({
      deploymentGroupInfo: blueGreen({
        lastAttemptedDeployment: { deploymentId: 'd-PREV00001', status: 'Succeeded' },
      }),
    });
    // Act
    const fleet = await reader.fleet('edu-web', 'edu-web-prod');
    // Assess
    expect(fleet).toEqual({
      serving: ['edu-web-prod-asg'],
      replacedOnDeploy: true,
      stopOnAlarms: ['edu-web-prod-5xx-rate'],
      terminationWaitMinutes: 60,
    });
  });

  it('knows the green copy of a running blue/green deployment by its documented name', async () => {
    // Prepare
    codedeploy.on(GetDeploymentGroupCommand).resolves({
      deploymentGroupInfo: blueGreen({ lastAttemptedDeployment: { deploymentId: 'd-7K2M9QX4B', status: 'Ready' } }),
    });
    // Act
    const fleet = await reader.fleet('edu-web', 'edu-web-prod');
    // Assess
    expect(fleet.green).toEqual({ name: 'CodeDeploy_edu-web-prod_d-7K2M9QX4B', deploymentId: 'd-7K2M9QX4B' });
  });

  it('has no green group for in-place groups, DISCOVER_EXISTING, or a disabled alarm list', async () => {
    // Prepare
    codedeploy.on(GetDeploymentGroupCommand).resolves({
      deploymentGroupInfo: blueGreen({
        blueGreenDeploymentConfiguration: { greenFleetProvisioningOption: { action: 'DISCOVER_EXISTING' } },
        alarmConfiguration: { enabled: false, alarms: [{ name: 'edu-web-prod-5xx-rate' }] },
        lastAttemptedDeployment: { deploymentId: 'd-7K2M9QX4B', status: 'InProgress' },
      }),
    });
    // Act
    const fleet = await reader.fleet('edu-web', 'edu-web-prod');
    // Assess
    expect(fleet).toEqual({ serving: ['edu-web-prod-asg'], replacedOnDeploy: false, stopOnAlarms: [] });
  });

  it('says which deployment group is missing', async () => {
    // Prepare
    codedeploy
      .on(GetDeploymentGroupCommand)
      .rejects(Object.assign(new Error('No group'), { name: 'DeploymentGroupDoesNotExistException' }));
    // Act & Assess
    await expect(reader.fleet('edu-web', 'edu-web-prod')).rejects.toBeInstanceOf(DeploymentGroupNotFoundError);
  });
});
