import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  GetMetricDataCommand,
  GetMetricWidgetImageCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  type DescribeAlarmsCommandInput,
  type GetMetricDataCommandInput,
  type PutMetricAlarmInput,
} from '@aws-sdk/client-cloudwatch';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { Alarms } from './alarms';
import type { Fleet } from './fleet';
import { metricData } from './metrics';
import { answer, refuseUnknownCommands } from './sdk-stub';
import type { Timeline } from './timeline';
import { widgetImage } from './widget-image';

/** Where CloudWatch's own evaluations go: the account's timeline and event bus. */
export interface AlarmEvaluation {
  timeline: Timeline;
  emit: (event: unknown) => void;
}

/**
 * CloudWatch answering from the simulated alarms and fleet metrics. An alarm PutMetricAlarm created or changed is
 * evaluated one step later on its (new) metric, as CloudWatch evaluates alarms every period, and a state change
 * leaves as an "Alarm State Change" event.
 */
export function installCloudWatchStub(
  fleet: Fleet,
  alarms: Alarms,
  evaluation?: AlarmEvaluation,
): AwsClientStub<CloudWatchClient> {
  const cloudwatch = refuseUnknownCommands(mockClient(CloudWatchClient), 'CloudWatch');
  cloudwatch.on(DescribeAlarmsCommand).callsFake(answer((input: DescribeAlarmsCommandInput) => alarms.describe(input)));
  cloudwatch.on(PutMetricAlarmCommand).callsFake(
    answer((input: PutMetricAlarmInput) => {
      alarms.put(input);
      const name = input.AlarmName ?? '';
      evaluation?.timeline.after(1, () => {
        const event = alarms.alarms.has(name) ? alarms.evaluate(name) : undefined;
        if (event) evaluation.emit(event);
      });
      return {};
    }),
  );
  cloudwatch
    .on(ListTagsForResourceCommand)
    .callsFake(answer((input: { ResourceARN?: string }) => ({ Tags: alarms.tagsOf(input.ResourceARN ?? '') })));
  cloudwatch.on(GetMetricDataCommand).callsFake(answer((input: GetMetricDataCommandInput) => metricData(fleet, input)));
  cloudwatch.on(GetMetricWidgetImageCommand).callsFake(
    answer((input: { MetricWidget?: string }) => ({
      MetricWidgetImage: widgetImage(fleet, input.MetricWidget ?? '{}'),
    })),
  );
  cloudwatch.on(DisableAlarmActionsCommand).callsFake(
    answer((input: { AlarmNames?: string[] }) => {
      alarms.setActionsEnabled(input.AlarmNames, false);
      return {};
    }),
  );
  cloudwatch.on(EnableAlarmActionsCommand).callsFake(
    answer((input: { AlarmNames?: string[] }) => {
      alarms.setActionsEnabled(input.AlarmNames, true);
      return {};
    }),
  );
  return cloudwatch;
}
