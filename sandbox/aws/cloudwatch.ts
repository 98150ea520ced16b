import {
  CloudWatchClient, DescribeAlarmsCommand, DisableAlarmActionsCommand, EnableAlarmActionsCommand, GetMetricDataCommand,
  GetMetricWidgetImageCommand, type DescribeAlarmsCommandInput, type GetMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { Alarms } from './alarms';
import type { Fleet } from './fleet';
import { metricData } from './metrics';
import { answer, refuseUnknownCommands } from './sdk-stub';
import { widgetImage } from './widget-image';

/** CloudWatch answering from the simulated alarms and fleet metrics. */
export function installCloudWatchStub(fleet: Fleet, alarms: Alarms): AwsClientStub<CloudWatchClient> {
  const cloudwatch = refuseUnknownCommands(mockClient(CloudWatchClient), 'CloudWatch');
  cloudwatch.on(DescribeAlarmsCommand).callsFake(answer((input: DescribeAlarmsCommandInput) => alarms.describe(input)));
  cloudwatch.on(GetMetricDataCommand).callsFake(answer((input: GetMetricDataCommandInput) => metricData(fleet, input)));
  cloudwatch.on(GetMetricWidgetImageCommand).callsFake(answer((input: { MetricWidget?: string }) => ({ MetricWidgetImage: widgetImage(fleet, input.MetricWidget ?? '{}') })));
  cloudwatch.on(DisableAlarmActionsCommand).callsFake(answer((input: { AlarmNames?: string[] }) => {
    alarms.setActionsEnabled(input.AlarmNames, false);
    return {};
  }));
  cloudwatch.on(EnableAlarmActionsCommand).callsFake(answer((input: { AlarmNames?: string[] }) => {
    alarms.setActionsEnabled(input.AlarmNames, true);
    return {};
  }));
  return cloudwatch;
}
