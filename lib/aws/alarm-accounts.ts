import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { TargetAccount } from '../../commands/ports';
import { accountsOf, type AccountsOf } from './account-cache';
import { alarmInsights } from './alarm-diagnosis';
import type { RoleSessions } from './role-sessions';

/** What alarmEvents reads in an alarm's account: the throttling diagnosis and the graph, nothing it could change. */
export type AlarmAccount = Pick<TargetAccount, 'insights'>;

/**
 * The alarm accounts' clients for alarmEvents: CloudWatch, EC2 and Auto Scaling for the CPU-credit diagnosis and
 * the graph, and no other, so its bundle carries neither CodeDeploy, WAF, SSM Run Command nor S3.
 */
export function alarmAccounts(sessions: RoleSessions): AccountsOf<AlarmAccount> {
  return accountsOf((envName, env, user) => {
    // No endpoint, as in lib/aws/target-account.ts: the SDK's own settings apply.
    const config = {
      region: env.region,
      credentials: sessions.credentialsFor({ ...env, name: envName }, user).provider,
    };
    return {
      insights: alarmInsights({
        cloudwatch: new CloudWatchClient(config),
        ec2: new EC2Client(config),
        autoscaling: new AutoScalingClient(config),
      }),
    };
  });
}
