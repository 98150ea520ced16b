import {
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  type Activity,
  type AutoScalingClient,
  type AutoScalingGroup,
  type Instance,
} from '@aws-sdk/client-auto-scaling';
import type { Fleet, FleetInstance, FleetReader } from '../../commands/ports';
import type { ScalingActivities, ScalingActivity } from '../../commands/scale-out/episode';

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

/**
 * The group's scaling activities that started at or after `since`, newest first, at most `max`. Activities come
 * newest first, so once a page reaches past `since` the older pages cannot matter.
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeScalingActivities.html
 */
export async function activitiesSince(
  client: AutoScalingClient,
  groupName: string,
  since: Date,
  max = Infinity,
): Promise<Activity[]> {
  const found: Activity[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: groupName, MaxRecords: 100, NextToken }),
    );
    const activities = page.Activities ?? [];
    found.push(...activities.filter((activity) => activity.StartTime && activity.StartTime >= since));
    const reachedPast = activities.some((activity) => activity.StartTime && activity.StartTime < since);
    NextToken = reachedPast || found.length >= max ? undefined : page.NextToken;
  } while (NextToken);
  return found.slice(0, max);
}

function toActivity(activity: Activity & { StartTime: Date }): ScalingActivity {
  return {
    at: activity.StartTime,
    status: activity.StatusCode ?? 'Unknown',
    description: (activity.Description ?? '').trim(),
    ...(activity.StatusMessage ? { statusMessage: activity.StatusMessage } : {}),
  };
}

/** A group's recent scaling activities, for the scale-out episode's message. */
export function autoScalingActivities(client: AutoScalingClient): ScalingActivities {
  return {
    recent: async (groupName, since, max) =>
      (await activitiesSince(client, groupName, since, max))
        .filter((activity): activity is Activity & { StartTime: Date } => activity.StartTime !== undefined)
        .map(toActivity),
  };
}
