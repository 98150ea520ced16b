import {
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  type CloudWatchClient,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmActionSwitch } from '../../commands/alarms/ports';

/**
 * Snooze over CloudWatch: DisableAlarmActions / EnableAlarmActions on one alarm. Both are idempotent, so a
 * retried sweep or a double click does no harm; the alarm keeps evaluating (and its message keeps updating).
 */
export function cloudWatchAlarmActions(client: CloudWatchClient): AlarmActionSwitch {
  return {
    disable: async (alarmName) => {
      await client.send(new DisableAlarmActionsCommand({ AlarmNames: [alarmName] }));
    },
    enable: async (alarmName) => {
      await client.send(new EnableAlarmActionsCommand({ AlarmNames: [alarmName] }));
    },
  };
}
