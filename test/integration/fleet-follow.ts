import {
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  type DescribeAutoScalingGroupsCommandInput,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type DescribeAlarmsCommandInput,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { readFileSync } from 'node:fs';
import type { AlarmFlow } from './alarm-flow';
import { PROD } from './alarm-payloads';

export const OLD_GROUP = 'edu-web-prod-asg';
export const LIVE_GROUP = 'CodeDeploy_edu-web-prod_d-7K2M9QX4B';
export const STOP_ALARM = 'codedeploy-edu-web-prod-health';

const minutesAgo = (minutes: number): Date => new Date(Date.now() - minutes * 60_000);
const onGroup = (group: string) => [{ Name: 'AutoScalingGroupName', Value: group }];

/** Every field DescribeAlarms returns, so a move can be checked to copy them all. */
export function cpuAlarm(group = OLD_GROUP): MetricAlarm {
  return {
    AlarmName: 'edu-web-prod-cpu-high',
    AlarmArn: 'arn:aws:cloudwatch:ap-northeast-2:111111111111:alarm:edu-web-prod-cpu-high',
    AlarmDescription: 'CPU at or above the t3.micro baseline for 15 minutes',
    AlarmConfigurationUpdatedTimestamp: minutesAgo(90_000),
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: ['arn:aws:sns:ap-northeast-2:111111111111:blueshift-prod-alarms'],
    InsufficientDataActions: [],
    StateValue: 'OK',
    StateReason: 'Threshold Crossed',
    StateUpdatedTimestamp: minutesAgo(60),
    StateTransitionedTimestamp: minutesAgo(60),
    MetricName: 'CPUUtilization',
    Namespace: 'AWS/EC2',
    Statistic: 'Average',
    Dimensions: onGroup(group),
    Period: 300,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    Threshold: 9.5,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'missing',
  };
}

export function mathAlarm(name: string, group = OLD_GROUP): MetricAlarm {
  return {
    AlarmName: name,
    ActionsEnabled: true,
    AlarmActions: [],
    StateValue: 'OK',
    EvaluationPeriods: 2,
    Threshold: 5,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    Metrics: [
      { Id: 'unhealthy', Expression: 'failing / total * 100', ReturnData: true },
      {
        Id: 'failing',
        ReturnData: false,
        MetricStat: {
          Metric: { Namespace: 'AWS/EC2', MetricName: 'StatusCheckFailed', Dimensions: onGroup(group) },
          Period: 60,
          Stat: 'Sum',
        },
      },
      {
        Id: 'total',
        ReturnData: false,
        MetricStat: {
          Metric: { Namespace: 'AWS/AutoScaling', MetricName: 'GroupInServiceInstances', Dimensions: onGroup(group) },
          Period: 60,
          Stat: 'Average',
        },
      },
    ],
  };
}

/**
 * The prod account after a blue/green deployment replaced edu-web-prod-asg with CodeDeploy's copy: the deployment
 * group points at the copy, the old group is gone, and the app's alarms (one of them on CodeDeploy's stop list)
 * still watch the old group. PutMetricAlarm really moves them: DescribeAlarms answers with what was put.
 */
export function replacedFleet(flow: AlarmFlow): { alarms: Map<string, MetricAlarm> } {
  const alarms = new Map<string, MetricAlarm>([
    ['edu-web-prod-cpu-high', cpuAlarm()],
    ['edu-web-prod-live-5xx', { ...mathAlarm('edu-web-prod-live-5xx', LIVE_GROUP) }],
    [STOP_ALARM, mathAlarm(STOP_ALARM)],
  ]);
  // Only web's prod group was replaced; api's staging group targets instances by tag (no Auto Scaling group).
  flow.aws.codedeploy.on(GetDeploymentGroupCommand).resolves({
    deploymentGroupInfo: {
      applicationName: 'edu-api',
      deploymentGroupName: 'edu-api-staging',
      autoScalingGroups: [],
    },
  });
  flow.aws.codedeploy.on(GetDeploymentGroupCommand, { deploymentGroupName: 'edu-web-prod' }).resolves({
    deploymentGroupInfo: {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      autoScalingGroups: [
        { name: LIVE_GROUP, hook: 'CodeDeploy-managed-automatic-launch-deployment-hook-edu-web-prod-5f2b' },
      ],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      blueGreenDeploymentConfiguration: { greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' } },
      alarmConfiguration: { enabled: true, alarms: [{ name: STOP_ALARM }] },
      lastSuccessfulDeployment: { deploymentId: 'd-7K2M9QX4B', status: 'Succeeded', endTime: minutesAgo(10) },
      lastAttemptedDeployment: { deploymentId: 'd-7K2M9QX4B', status: 'Succeeded', endTime: minutesAgo(10) },
    },
  });
  flow.aws.autoscaling
    .on(DescribeAutoScalingGroupsCommand)
    .callsFake((input: DescribeAutoScalingGroupsCommandInput) => ({
      // AWS leaves names it does not know out of the answer.
      AutoScalingGroups: (input.AutoScalingGroupNames ?? [])
        .filter((name) => name === LIVE_GROUP)
        .map((name) => ({
          AutoScalingGroupName: name,
          MinSize: 2,
          MaxSize: 6,
          DesiredCapacity: 2,
          DefaultCooldown: 300,
          AvailabilityZones: ['ap-northeast-2a'],
          HealthCheckType: 'ELB',
          CreatedTime: minutesAgo(40),
          Instances: [
            {
              InstanceId: 'i-0aaa1111bbbb2222c',
              InstanceType: 't3.micro',
              AvailabilityZone: 'ap-northeast-2a',
              LifecycleState: 'InService',
              HealthStatus: 'Healthy',
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
        })),
    }));
  flow.aws.autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
  flow.aws.cloudwatch.on(DescribeAlarmsCommand).callsFake((input: DescribeAlarmsCommandInput) => {
    const all = [...alarms.values()];
    if (input.StateValue)
      return { MetricAlarms: all.filter((alarm) => alarm.StateValue === input.StateValue), CompositeAlarms: [] };
    if (input.AlarmNames)
      return { MetricAlarms: all.filter((alarm) => input.AlarmNames?.includes(alarm.AlarmName ?? '')) };
    return { MetricAlarms: all.filter((alarm) => alarm.AlarmName?.startsWith(input.AlarmNamePrefix ?? '')) };
  });
  flow.aws.cloudwatch.on(PutMetricAlarmCommand).callsFake((input: MetricAlarm & { AlarmName: string }) => {
    const before = alarms.get(input.AlarmName);
    alarms.set(input.AlarmName, { ...input, AlarmArn: before?.AlarmArn, StateValue: before?.StateValue });
    return {};
  });
  return { alarms };
}

/**
 * CodeDeploy's SUCCESS event of the deployment that replaced the group, as EventBridge forwards it (AWS docs sample,
 * moved).
 */
export function deploymentSucceeded(): unknown {
  const sample = JSON.parse(
    readFileSync(
      'test/fixtures/payloads/eventbridge__codedeploy-deployment-state-change__success__aws-docs.json',
      'utf8',
    ),
  ) as {
    detail: Record<string, string>;
  };
  const detail = {
    ...sample.detail,
    region: PROD.region,
    application: 'edu-web',
    deploymentGroup: 'edu-web-prod',
    deploymentId: 'd-7K2M9QX4B',
  };
  return { ...sample, ...PROD, detail };
}
