import {
  DescribeAutoScalingGroupsCommand,
  type AutoScalingClient,
  type AutoScalingGroup,
  type Instance,
} from '@aws-sdk/client-auto-scaling';
import type { Fleet, FleetInstance, FleetReader } from '../../commands/ports';

function toFleetInstance(instance: Instance & { InstanceId: string }): FleetInstance {
  return {
    id: instance.InstanceId,
    type: instance.InstanceType,
    availabilityZone: instance.AvailabilityZone,
    lifecycleState: instance.LifecycleState ?? 'Unknown',
    healthy: instance.HealthStatus === 'Healthy',
  };
}

function toFleet(group: AutoScalingGroup, name: string): Fleet {
  return {
    name: group.AutoScalingGroupName ?? name,
    desired: group.DesiredCapacity ?? 0,
    min: group.MinSize ?? 0,
    max: group.MaxSize ?? 0,
    instances: (group.Instances ?? [])
      .filter((instance): instance is Instance & { InstanceId: string } => Boolean(instance.InstanceId))
      .map(toFleetInstance),
  };
}

/** An Auto Scaling group and its instances; undefined when no group has that name. */
export function autoScalingFleet(client: AutoScalingClient): FleetReader {
  return {
    describe: async (groupName) => {
      const { AutoScalingGroups } = await client.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }),
      );
      // An unknown name is not an error for this API: it just returns no group.
      const group = AutoScalingGroups?.find((candidate) => candidate.AutoScalingGroupName === groupName);
      return group && toFleet(group, groupName);
    },
  };
}
