import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { autoScalingGroupDirectory } from '../../../lib/aws/group-directory';

const autoscaling = mockClient(AutoScalingClient);
const directory = autoScalingGroupDirectory(new AutoScalingClient({ region: 'ap-northeast-2' }));
const group = (name: string, status?: string) => ({
  AutoScalingGroupName: name,
  MinSize: 1,
  MaxSize: 2,
  DesiredCapacity: 1,
  DefaultCooldown: 300,
  AvailabilityZones: ['ap-northeast-2a'],
  HealthCheckType: 'EC2',
  CreatedTime: new Date('2026-12-01T00:00:00Z'),
  ...(status ? { Status: status } : {}),
});

beforeEach(() => {
  autoscaling.reset();
});

describe('autoScalingGroupDirectory', () => {
  it('knows the groups AWS returns; unknown names and groups being deleted are gone', async () => {
    // Prepare: AWS leaves unknown names out of the answer instead of failing.
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [
        group('CodeDeploy_edu-web-prod_d-7K2M9QX4B'),
        group('edu-web-prod-asg', 'Delete in progress'),
      ],
    });
    // Act
    const existing = await directory.existing([
      'edu-web-prod-asg',
      'CodeDeploy_edu-web-prod_d-7K2M9QX4B',
      'deleted-long-ago',
      'edu-web-prod-asg',
    ]);
    // Assess
    expect([...existing]).toEqual(['CodeDeploy_edu-web-prod_d-7K2M9QX4B']);
    expect(autoscaling.commandCalls(DescribeAutoScalingGroupsCommand)[0]?.args[0].input.AutoScalingGroupNames).toEqual([
      'edu-web-prod-asg',
      'CodeDeploy_edu-web-prod_d-7K2M9QX4B',
      'deleted-long-ago',
    ]);
  });

  it('asks 100 names at a time', async () => {
    // Prepare
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    // Act
    await directory.existing(Array.from({ length: 150 }, (_, i) => `asg-${i}`));
    // Assess
    expect(
      autoscaling
        .commandCalls(DescribeAutoScalingGroupsCommand)
        .map((call) => call.args[0].input.AutoScalingGroupNames?.length),
    ).toEqual([100, 50]);
  });
});
