import type { Alarms } from './alarms';
import type { CodeDeployWorld } from './codedeploy';
import type { Fleet } from './fleet';
import { eventTime } from './templates';

/**
 * The sandbox account as a new user finds it (names agreed with sandbox/config.yml): app `web` = CodeDeploy
 * application edu-web with groups edu-web-prod and edu-web-staging, revisions web/v40–v42.zip in edu-artifacts,
 * Auto Scaling groups of t3.micro instances after a quiet day, four alarms in OK, and a deploy history.
 * edu-web-prod's stop-on-alarm list (codedeploy.ts) names the prod CPU alarm and a status-check alarm whose name
 * is outside the app's alarm prefix, as alarms made for CodeDeploy by another team or tool often are.
 */

export const PROD_ASG = 'edu-web-prod-asg';
export const STAGING_ASG = 'edu-web-staging-asg';
export const PROD_CPU_ALARM = 'edu-web-prod-cpu-high';
/** The deployment group CodeDeploy deploys web prod with; its Auto Scaling group changes with every deployment. */
export const PROD_DEPLOYMENT_GROUP = 'edu-web-prod';
export const STAGING_DEPLOYMENT_GROUP = 'edu-web-staging';
export const WEB_ACL = { name: 'edu-web-acl', id: '11111111-2222-3333-4444-555555555555' } as const;
/** The deployment groups whose load balancer the web ACL is associated with: prod's (staging's has none). */
export const BEHIND_WEB_ACL: readonly string[] = [PROD_DEPLOYMENT_GROUP];
export const REVISIONS = ['web/v40.zip', 'web/v41.zip', 'web/v42.zip'];

const HOUR = 3_600_000;

export function seedFleet(fleet: Fleet): void {
  fleet.addGroup(PROD_ASG, ['i-0aaa1111bbbb2222c', 'i-0ddd3333eeee4444f'], {
    min: 2,
    max: 6,
    targetGroup: 'edu-web-prod-tg',
  });
  fleet.addGroup(STAGING_ASG, ['i-0bbb5555cccc6666d'], { min: 1, max: 2, targetGroup: 'edu-web-staging-tg' });
  fleet.advance(288); // a quiet day: 24 h of 5-minute periods below the baseline, balances full
  const at = new Date(fleet.now().getTime() - 80 * HOUR);
  fleet.recordActivity(
    PROD_ASG,
    'Launching a new EC2 instance: i-0ddd3333eeee4444f',
    `At ${eventTime(at)} an instance was started in response to a difference between desired and running capacity, increasing the capacity from 1 to 2.`,
    at,
  );
}

function cpuAlarm(group: string, env: string) {
  return {
    AlarmName: `edu-web-${env}-cpu-high`,
    Namespace: 'AWS/EC2',
    MetricName: 'CPUUtilization',
    Unit: 'Percent' as const,
    AlarmDescription: `web ${env}: average CPU at or above the t3.micro baseline (10 %) for 15 minutes, so the instances spend CPU credits at least as fast as they earn them`,
    Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }],
    ComparisonOperator: 'GreaterThanOrEqualToThreshold' as const,
    Threshold: 9.5,
  };
}

const TEAM_TAGS = [{ Key: 'team', Value: 'edu-web' }];

export function seedAlarms(alarms: Alarms, now: Date): void {
  alarms.add(cpuAlarm(PROD_ASG, 'prod'), TEAM_TAGS);
  alarms.add(cpuAlarm(STAGING_ASG, 'staging'), TEAM_TAGS);
  alarms.add(
    {
      AlarmName: 'edu-web-prod-5xx',
      AlarmDescription: 'web prod: the targets answered more than 10 errors a minute for 5 minutes',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      Dimensions: [{ Name: 'LoadBalancer', Value: 'app/edu-web-prod-alb/50dc6c495c0c9188' }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 10,
      TreatMissingData: 'notBreaching',
    },
    TEAM_TAGS,
  );
  alarms.add(
    {
      AlarmName: 'codedeploy-edu-web-prod-status-checks',
      AlarmDescription: 'Stops a web prod deployment when an instance fails its EC2 status checks',
      Namespace: 'AWS/EC2',
      MetricName: 'StatusCheckFailed',
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: PROD_ASG }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: [],
    },
    [{ Key: 'owner', Value: 'platform' }],
  );
  // All four went to OK when they were last changed, most of a day ago.
  for (const name of alarms.alarms.keys()) alarms.evaluate(name, new Date(now.getTime() - 20 * HOUR));
}

export function seedDeployments(world: CodeDeployWorld, now: Date): void {
  const history: [string, string, string, string, number][] = [
    ['d-PROD00040', 'edu-web-prod', 'v40', 'bob (U0BOB)', 8 * 24],
    ['d-STAG00041', 'edu-web-staging', 'v41', 'alice (U0ALICE)', 2 * 24],
    ['d-PROD00041', 'edu-web-prod', 'v41', 'bob (U0BOB)', 25],
    ['d-STAG00042', 'edu-web-staging', 'v42', 'alice (U0ALICE)', 3],
  ];
  for (const [id, group, revision, who, hoursAgo] of history) {
    const env = group.replace('edu-web-', '');
    world.recordSucceeded(
      group,
      `web/${revision}.zip`,
      id,
      new Date(now.getTime() - hoursAgo * HOUR),
      9,
      `/deploy web ${env} ${revision} requested by ${who} via blueshift`,
    );
  }
}
