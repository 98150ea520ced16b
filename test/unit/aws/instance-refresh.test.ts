import {
  AutoScalingClient,
  DescribeInstanceRefreshesCommand,
  InstanceRefreshInProgressFault,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { instanceRefreshes } from '../../../lib/aws/instance-refresh';

const autoscaling = mockClient(AutoScalingClient);
const refreshes = instanceRefreshes(new AutoScalingClient({ region: 'ap-northeast-2' }));
const ID = '08b91cf7-8fa6-48af-b6a6-d227f40f1b9b';
const inProgress = () =>
  new InstanceRefreshInProgressFault({ message: 'An Instance Refresh is already in progress', $metadata: {} });

beforeEach(() => {
  autoscaling.reset();
});

describe('instanceRefreshes', () => {
  it('starts a rolling refresh of the group as it is configured', async () => {
    // Prepare
    autoscaling.on(StartInstanceRefreshCommand).resolves({ InstanceRefreshId: ID });
    // Act
    const started = await refreshes.start('edu-web-prod-asg');
    // Assess
    expect(started).toEqual({ id: ID, adopted: false });
    expect(autoscaling.commandCalls(StartInstanceRefreshCommand)[0]?.args[0].input).toEqual({
      AutoScalingGroupName: 'edu-web-prod-asg',
      Strategy: 'Rolling',
    });
  });

  it('takes the running refresh when one is in progress, and fails when none can be found', async () => {
    // Prepare
    autoscaling.on(StartInstanceRefreshCommand).rejects(inProgress());
    autoscaling.on(DescribeInstanceRefreshesCommand).resolvesOnce({
      InstanceRefreshes: [
        { InstanceRefreshId: 'old', Status: 'Successful' },
        { InstanceRefreshId: ID, Status: 'InProgress' },
      ],
    });
    // Act / Assess
    await expect(refreshes.start('edu-web-prod-asg')).resolves.toEqual({ id: ID, adopted: true });
    autoscaling.on(DescribeInstanceRefreshesCommand).resolves({ InstanceRefreshes: [] });
    await expect(refreshes.start('edu-web-prod-asg')).rejects.toBeInstanceOf(InstanceRefreshInProgressFault);
  });

  it.each([
    ['InProgress', false, false],
    ['Successful', true, true],
    ['Failed', true, false],
    ['Cancelled', true, false],
    ['RollbackSuccessful', true, false],
    ['Baking', false, false],
  ] as const)('reads %s as ended %s, succeeded %s', async (Status, ended, succeeded) => {
    // Prepare: the documented example's shape
    autoscaling.on(DescribeInstanceRefreshesCommand).resolves({
      InstanceRefreshes: [
        {
          InstanceRefreshId: ID,
          AutoScalingGroupName: 'edu-web-prod-asg',
          Status,
          StatusReason: 'Waiting for instances to warm up before continuing.',
          PercentageComplete: 50,
        },
      ],
    });
    // Act
    const state = await refreshes.describe('edu-web-prod-asg', ID);
    // Assess
    expect(state).toEqual({
      id: ID,
      status: Status,
      percentage: 50,
      reason: 'Waiting for instances to warm up before continuing.',
      ended,
      succeeded,
    });
    expect(autoscaling.commandCalls(DescribeInstanceRefreshesCommand)[0]?.args[0].input).toEqual({
      AutoScalingGroupName: 'edu-web-prod-asg',
      InstanceRefreshIds: [ID],
    });
  });
});
