import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { autoScalingFleet } from '../../../lib/aws/autoscaling';

const autoscaling = mockClient(AutoScalingClient);
const fleet = autoScalingFleet(new AutoScalingClient({ region: 'ap-northeast-2' }));

beforeEach(() => {
  autoscaling.reset();
});

describe('autoScalingFleet', () => {
  it('describes the group, its capacity and each instance’s health', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        {
          AutoScalingGroupName: 'edu-web-prod-asg',
          AutoScalingGroupARN:
            'arn:aws:autoscaling:ap-northeast-2:111111111111:autoScalingGroup:5c8b1b3e-1f5e-4c1a-9a8e-0d2f7a6b9c01:autoScalingGroupName/edu-web-prod-asg',
          LaunchTemplate: {
            LaunchTemplateId: 'lt-0a1b2c3d4e5f67890',
            LaunchTemplateName: 'edu-web',
            Version: '$Latest',
          },
          MinSize: 2,
          MaxSize: 6,
          DesiredCapacity: 3,
          DefaultCooldown: 300,
          AvailabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
          TargetGroupARNs: [
            'arn:aws:elasticloadbalancing:ap-northeast-2:111111111111:targetgroup/edu-web-prod-tg/6d0ecf831eec9f09',
          ],
          HealthCheckType: 'ELB',
          HealthCheckGracePeriod: 300,
          CreatedTime: new Date('2025-11-20T03:12:45.000Z'),
          Instances: [
            {
              InstanceId: 'i-0a1b2c3d4e5f60001',
              InstanceType: 't3.micro',
              AvailabilityZone: 'ap-northeast-2a',
              LifecycleState: 'InService',
              HealthStatus: 'Healthy',
              ProtectedFromScaleIn: false,
            },
            {
              InstanceId: 'i-0a1b2c3d4e5f60002',
              InstanceType: 't3.micro',
              AvailabilityZone: 'ap-northeast-2c',
              LifecycleState: 'InService',
              HealthStatus: 'Unhealthy',
              ProtectedFromScaleIn: false,
            },
            {
              InstanceId: 'i-0a1b2c3d4e5f60003',
              InstanceType: 't3.small',
              AvailabilityZone: 'ap-northeast-2a',
              LifecycleState: 'Pending',
              HealthStatus: 'Healthy',
              ProtectedFromScaleIn: false,
            },
          ],
        },
      ],
    });
    // Act
    const group = await fleet.describe('edu-web-prod-asg');
    // Assess
    expect(group).toEqual({
      name: 'edu-web-prod-asg',
      desired: 3,
      min: 2,
      max: 6,
      instances: [
        {
          id: 'i-0a1b2c3d4e5f60001',
          type: 't3.micro',
          availabilityZone: 'ap-northeast-2a',
          lifecycleState: 'InService',
          healthy: true,
        },
        {
          id: 'i-0a1b2c3d4e5f60002',
          type: 't3.micro',
          availabilityZone: 'ap-northeast-2c',
          lifecycleState: 'InService',
          healthy: false,
        },
        {
          id: 'i-0a1b2c3d4e5f60003',
          type: 't3.small',
          availabilityZone: 'ap-northeast-2a',
          lifecycleState: 'Pending',
          healthy: true,
        },
      ],
    });
    expect(autoscaling).toHaveReceivedCommandWith(DescribeAutoScalingGroupsCommand, {
      AutoScalingGroupNames: ['edu-web-prod-asg'],
    });
  });

  it('is undefined when no group has that name', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    // Act
    const group = await fleet.describe('edu-web-gone-asg');
    // Assess
    expect(group).toBeUndefined();
  });
});
