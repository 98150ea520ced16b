import type { AlarmEventDeps } from '../../handlers/alarms/deps';
import { accountsIn } from '../../handlers/jobs/deps';
import { alarmAccounts } from '../../lib/aws/alarm-accounts';
import { describeAwsError } from '../../lib/aws/errors';
import { botRoleSessions } from '../../lib/aws/role-sessions';
import { uploadImage } from '../../lib/slack/file-upload';
import { createCoreParts } from './core';

/**
 * The alarmEvents function's dependencies: state, Slack and configuration like the worker's, but in the alarm's
 * account only the clients the diagnosis and the graph read (lib/aws/alarm-accounts.ts), so its bundle and cold
 * start do not pay for CodeDeploy, WAF, S3, SSM Run Command, the queue or GitHub.
 */
export async function createAlarmEventDeps(): Promise<AlarmEventDeps> {
  const { config, store, slack, replies } = await createCoreParts();
  return {
    config,
    store,
    replies,
    account: accountsIn(config, alarmAccounts(botRoleSessions())),
    describeError: describeAwsError,
    now: () => new Date(),
    uploadImage: (image) => uploadImage(slack, image),
  };
}
