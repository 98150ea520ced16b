import { DescribeAutoScalingGroupsCommand, type Activity, type AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { GetMetricWidgetImageCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { metricWidget } from '../../commands/alarms/graph-widget';
import type { AlarmInsights, AlarmTarget } from '../../commands/alarms/ports';
import type { CreditMode, Replacement } from '../../commands/alarms/throttling';
import { activitiesSince } from './autoscaling';
import { creditSeries } from './credit-series';

export interface AlarmInsightClients {
  cloudwatch: CloudWatchClient;
  ec2: EC2Client;
  autoscaling: AutoScalingClient;
}

// An alarm can outlive its instance, and SNS test payloads carry ids like `TestInstance`: neither is a failure.
const UNKNOWN_INSTANCE = /^InvalidInstanceID\.(NotFound|Malformed)$/;
const isUnknownInstance = (error: unknown): boolean => error instanceof Error && UNKNOWN_INSTANCE.test(error.name);

async function instance(ec2: EC2Client, instanceId: string): Promise<AlarmTarget | undefined> {
  try {
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const found = Reservations?.flatMap((reservation) => reservation.Instances ?? []).find(
      (candidate) => candidate.InstanceId === instanceId,
    );
    if (!found) return undefined;
    const groupName = found.Tags?.find((tag) => tag.Key === 'aws:autoscaling:groupName')?.Value;
    return { instances: [{ id: instanceId, type: found.InstanceType }], ...(groupName ? { groupName } : {}) };
  } catch (error) {
    if (isUnknownInstance(error)) return undefined;
    throw error;
  }
}

async function group(autoscaling: AutoScalingClient, groupName: string): Promise<AlarmTarget | undefined> {
  const { AutoScalingGroups } = await autoscaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }),
  );
  const found = AutoScalingGroups?.find((candidate) => candidate.AutoScalingGroupName === groupName);
  if (!found) return undefined;
  const instances = (found.Instances ?? []).flatMap((member) =>
    member.InstanceId ? [{ id: member.InstanceId, type: member.InstanceType }] : [],
  );
  return { instances, groupName };
}

async function creditModes(ec2: EC2Client, instanceIds: string[]): Promise<Map<string, CreditMode>> {
  const modes = new Map<string, CreditMode>();
  if (!instanceIds.length) return modes;
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeInstanceCreditSpecificationsCommand({ InstanceIds: instanceIds, NextToken }),
    );
    for (const spec of page.InstanceCreditSpecifications ?? []) {
      if (spec.InstanceId && (spec.CpuCredits === 'standard' || spec.CpuCredits === 'unlimited'))
        modes.set(spec.InstanceId, spec.CpuCredits);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return modes;
}

// Auto Scaling's own words for health replacements: "…taken out of service in response to an ELB system health
// check failure", "…in response to an unhealthy instance needing to be replaced", "…EC2 instance status checks
// failure".
const HEALTH_CAUSE = /unhealthy|health check|status check/i;
const REPLACEMENT = /^(Terminating EC2 instance|Launching a new EC2 instance)/;

function replacementOf(activity: Activity): Replacement | undefined {
  const { Description = '', Cause = '', StartTime } = activity;
  if (!StartTime || !REPLACEMENT.test(Description) || !HEALTH_CAUSE.test(Cause)) return undefined;
  const why = /in response to (.+?)\.(?:\s|$)/.exec(Cause)?.[1];
  return { at: StartTime, description: why ? `${Description.trim()} (${why})` : Description.trim() };
}

async function replacements(autoscaling: AutoScalingClient, groupName: string, since: Date): Promise<Replacement[]> {
  const found = (await activitiesSince(autoscaling, groupName, since)).flatMap(
    (activity) => replacementOf(activity) ?? [],
  );
  return found.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/**
 * The AlarmInsights port over CloudWatch, EC2 and Auto Scaling clients of the alarm's account and region.
 * The graph's region is set in the widget JSON, which is what GetMetricWidgetImage reads the metrics from.
 */
export function alarmInsights(clients: AlarmInsightClients, options: { now?: () => Date } = {}): AlarmInsights {
  const now = options.now ?? (() => new Date());
  return {
    instancesFor: async (dimensions) => {
      if (dimensions.InstanceId) return instance(clients.ec2, dimensions.InstanceId);
      if (dimensions.AutoScalingGroupName) return group(clients.autoscaling, dimensions.AutoScalingGroupName);
      return undefined;
    },
    creditModes: (instanceIds) => creditModes(clients.ec2, [...new Set(instanceIds)]),
    series: (instanceIds, hours) => creditSeries(clients.cloudwatch, instanceIds, hours, now()),
    replacements: (groupName, hours) =>
      replacements(clients.autoscaling, groupName, new Date(now().getTime() - hours * 3_600_000)),
    graph: async (notification, hours = 3) => {
      const widget = metricWidget(notification, { hours });
      if (!widget) return undefined;
      const { MetricWidgetImage } = await clients.cloudwatch.send(
        new GetMetricWidgetImageCommand({ MetricWidget: JSON.stringify(widget), OutputFormat: 'png' }),
      );
      if (!MetricWidgetImage?.length)
        throw new Error(`GetMetricWidgetImage returned no image for alarm ${notification.alarmName}`);
      return MetricWidgetImage;
    },
  };
}
