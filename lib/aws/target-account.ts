import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import type { RevisionCommits } from '../../commands/changes/ports';
import type { WafSampler } from '../../commands/checks/types';
import type { DeploymentControl } from '../../commands/deploy/ports';
import type { TargetAccount } from '../../commands/ports';
import type { ScalingActivities } from '../../commands/scale-out/episode';
import type { WebAcls } from '../../commands/waf/ports';
import type { ProcessLister } from '../../commands/processes/ports';
import type { CreditSwitch, InstanceRefreshes } from '../../commands/credits/ports';
import type { RunbookRunner } from '../../commands/runbooks/ports';
import { accountsOf, type AccountConnection, type AccountsOf } from './account-cache';
import { alarmInsights } from './alarm-diagnosis';
import { cloudWatchAlarmRewriter } from './alarm-rewrite';
import { autoScalingActivities, autoScalingFleet } from './autoscaling';
import { cloudWatchAlarms, cloudWatchCredits } from './cloudwatch';
import { cloudWatchAlarmActions } from './cloudwatch-actions';
import { codeDeployDeployments } from './codedeploy';
import { codeDeployControl } from './codedeploy-control';
import {
  cachedDeploymentGroups,
  deploymentGroupKey,
  liveFleetCache,
  type LiveFleetCache,
} from '../../commands/fleet/live-fleet';
import { codeDeployFleet } from './deployment-group-fleet';
import { revisionCommits } from './revision-commits';
import { autoScalingGroupDirectory } from './group-directory';
import type { RoleSessions } from './role-sessions';
import { ssmAgents } from './ssm-agents';
import { ssmProcessLister } from './ssm-run-command';
import { creditSwitch } from './credit-switch';
import { instanceRefreshes } from './instance-refresh';
import { ssmRunbooks } from './ssm-runbooks';
import { wafSampledRequests } from './waf-sampled-requests';
import { wafWebAcls } from './wafv2';

/** A TargetAccount plus the role session name its calls appear under in CloudTrail, for the audit record. */
export interface BoundTargetAccount extends TargetAccount {
  roleSession: string;
  control: DeploymentControl;
  waf: WebAcls;
  /** The web ACL's sampled requests: which rule blocked a path a check found blocked. */
  wafSamples: WafSampler;
  /** Forgets what the deployment group's live fleet was, after a deployment changed it. */
  forgetFleet(application: string, group: string): void;
  /** A group's recent scaling activities, for failed scale-outs. */
  scaling: ScalingActivities;
  /** "What is using the CPU": the fixed process listing through SSM Run Command. */
  processes: ProcessLister;
  /** Lifting the throttle: credit modes, launch template versions, the group's version. */
  creditSwitch: CreditSwitch;
  /** Moving to a bigger type now: the group's instance refresh, followed until it ends. */
  refreshes: InstanceRefreshes;
  /** Configured runbooks: SSM Automation and Run Command documents. */
  runbooks: RunbookRunner;
  /** The source commit CI recorded for a revision (S3 metadata or the revision's description). */
  commits: RevisionCommits;
}

export type TargetAccounts = AccountsOf<BoundTargetAccount>;

function connect(
  { env, clientConfig: config, sessionName }: AccountConnection,
  fleets: LiveFleetCache,
): BoundTargetAccount {
  const cloudWatch = new CloudWatchClient(config);
  const codeDeploy = new CodeDeployClient(config);
  const autoScaling = new AutoScalingClient(config);
  const ssm = new SSMClient(config);
  const ec2 = new EC2Client(config);
  // CloudFront web ACLs are reached in us-east-1 whatever the environment's region (Scope in
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_GetWebACL.html).
  const waf = new WAFV2Client({ ...config, region: env.waf?.webAcl.scope === 'CLOUDFRONT' ? 'us-east-1' : env.region });
  return {
    deployments: codeDeployDeployments(codeDeploy),
    control: codeDeployControl(codeDeploy),
    alarms: cloudWatchAlarms(cloudWatch),
    credits: cloudWatchCredits(cloudWatch),
    fleet: autoScalingFleet(autoScaling),
    scaling: autoScalingActivities(autoScaling),
    agents: ssmAgents(ssm),
    processes: ssmProcessLister(ssm),
    runbooks: ssmRunbooks(ssm),
    insights: alarmInsights({ cloudwatch: cloudWatch, ec2, autoscaling: autoScaling }),
    creditSwitch: creditSwitch({ ec2, autoscaling: autoScaling }),
    refreshes: instanceRefreshes(autoScaling),
    alarmActions: cloudWatchAlarmActions(cloudWatch),
    // One cache of live fleets for every user's clients: the deployment group's answer is the same for all of them.
    deploymentGroups: cachedDeploymentGroups(codeDeployFleet(codeDeploy), fleets, env),
    forgetFleet: (application, group) => fleets.forget(deploymentGroupKey(env, application, group)),
    groups: autoScalingGroupDirectory(autoScaling),
    alarmRewriter: cloudWatchAlarmRewriter(cloudWatch),
    waf: wafWebAcls(waf),
    wafSamples: wafSampledRequests(waf),
    commits: revisionCommits({ s3: new S3Client(config), codeDeploy }),
    roleSession: sessionName,
    // Resolving the provider assumes the role (or reuses the cached session): one clear failure up front.
    assumeRole: async () => {
      await config.credentials();
    },
  };
}

/**
 * Every client of each environment's account, as the worker and the sweeper use them (lib/aws/account-cache.ts keeps
 * them per environment and user). Handlers reach them through WorkerDeps.account (handlers/jobs/deps.ts).
 */
export function targetAccounts(sessions: RoleSessions): TargetAccounts {
  const fleets = liveFleetCache();
  return accountsOf((envName, env, user) => {
    const { provider, sessionName } = sessions.credentialsFor({ ...env, name: envName }, user);
    return connect({ envName, env, clientConfig: { region: env.region, credentials: provider }, sessionName }, fleets);
  });
}
