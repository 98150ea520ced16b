import { DescribeAutoScalingGroupsCommand, AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  BatchGetDeploymentsCommand,
  CodeDeployClient,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
} from '@aws-sdk/client-codedeploy';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';

/**
 * The `web` app's prod account mid-incident, as the SDK would return it: a blue/green deployment rolling out,
 * the last good one from yesterday, a CPU alarm firing, two t3.micro instances, one of them out of CPU credits
 * and with its SSM agent lost. Shapes are the SDK's output types for each command (@aws-sdk/client-*).
 */
export interface TargetAccountMocks {
  codedeploy: AwsClientStub<CodeDeployClient>;
  cloudwatch: AwsClientStub<CloudWatchClient>;
  autoscaling: AwsClientStub<AutoScalingClient>;
  ssm: AwsClientStub<SSMClient>;
  restore(): void;
}

const NOW = Date.now();
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000);

export function mockWebProdAccount(): TargetAccountMocks {
  const codedeploy = mockClient(CodeDeployClient);
  const cloudwatch = mockClient(CloudWatchClient);
  const autoscaling = mockClient(AutoScalingClient);
  const ssm = mockClient(SSMClient);

  codedeploy.on(ListDeploymentsCommand).resolves({ deployments: ['d-ACTIVE001'] });
  codedeploy.on(BatchGetDeploymentsCommand).resolves({
    deploymentsInfo: [
      {
        applicationName: 'edu-web',
        deploymentGroupName: 'edu-web-prod',
        deploymentId: 'd-ACTIVE001',
        status: 'InProgress',
        creator: 'user',
        description: '/deploy web prod v42 requested by alice (U0ALICE) via blueshift',
        createTime: minutesAgo(4),
        revision: {
          revisionType: 'S3',
          s3Location: { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' },
        },
        deploymentOverview: { Pending: 1, InProgress: 1, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
      },
    ],
  });
  codedeploy.on(GetDeploymentGroupCommand).resolves({
    deploymentGroupInfo: {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      lastSuccessfulDeployment: { deploymentId: 'd-LASTGOOD1', status: 'Succeeded', endTime: minutesAgo(1500) },
    },
  });
  codedeploy.on(GetDeploymentCommand).resolves({
    deploymentInfo: {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      deploymentId: 'd-LASTGOOD1',
      status: 'Succeeded',
      creator: 'user',
      description: '/deploy web prod v41 requested by bob (U0BOB) via blueshift',
      createTime: minutesAgo(1510),
      completeTime: minutesAgo(1500),
      revision: { revisionType: 'S3', s3Location: { bucket: 'edu-artifacts', key: 'web/v41.zip', bundleType: 'zip' } },
      deploymentOverview: { Pending: 0, InProgress: 0, Succeeded: 2, Failed: 0, Skipped: 0, Ready: 0 },
    },
  });
  cloudwatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: 'edu-web-prod-cpu-high',
        StateValue: 'ALARM',
        MetricName: 'CPUUtilization',
        Namespace: 'AWS/EC2',
        StateReason: 'Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (80.0).',
        StateUpdatedTimestamp: minutesAgo(20),
        Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'edu-web-prod-asg' }],
      },
    ],
    CompositeAlarms: [],
  });
  cloudwatch.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      { Id: 'c0', Label: 'i-0aaa1111bbbb2222c', Timestamps: [minutesAgo(5)], Values: [0.4], StatusCode: 'Complete' },
      { Id: 'c1', Label: 'i-0ddd3333eeee4444f', Timestamps: [minutesAgo(5)], Values: [142.7], StatusCode: 'Complete' },
    ],
  });
  autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [
      {
        AutoScalingGroupName: 'edu-web-prod-asg',
        MinSize: 2,
        MaxSize: 6,
        DesiredCapacity: 2,
        DefaultCooldown: 300,
        AvailabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
        HealthCheckType: 'ELB',
        CreatedTime: minutesAgo(90_000),
        Instances: [
          {
            InstanceId: 'i-0aaa1111bbbb2222c',
            InstanceType: 't3.micro',
            AvailabilityZone: 'ap-northeast-2a',
            LifecycleState: 'InService',
            HealthStatus: 'Unhealthy',
            ProtectedFromScaleIn: false,
          },
          {
            InstanceId: 'i-0ddd3333eeee4444f',
            InstanceType: 't3.micro',
            AvailabilityZone: 'ap-northeast-2c',
            LifecycleState: 'InService',
            HealthStatus: 'Healthy',
            ProtectedFromScaleIn: false,
          },
        ],
      },
    ],
  });
  ssm.on(DescribeInstanceInformationCommand).resolves({
    InstanceInformationList: [
      {
        InstanceId: 'i-0aaa1111bbbb2222c',
        PingStatus: 'ConnectionLost',
        LastPingDateTime: minutesAgo(25),
        PlatformType: 'Linux',
        ResourceType: 'EC2Instance',
      },
      {
        InstanceId: 'i-0ddd3333eeee4444f',
        PingStatus: 'Online',
        LastPingDateTime: minutesAgo(1),
        PlatformType: 'Linux',
        ResourceType: 'EC2Instance',
      },
    ],
  });
  return {
    codedeploy,
    cloudwatch,
    autoscaling,
    ssm,
    restore: () => [codedeploy, cloudwatch, autoscaling, ssm].forEach((m) => m.restore()),
  };
}
