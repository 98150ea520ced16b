import type { Directory } from '../../commands/access';
import type { CommitComparer, RevisionCommits } from '../../commands/changes/ports';
import type { HttpProbe, WafSampler } from '../../commands/checks/types';
import type { JobQueue } from '../../commands/job';
import type { DeploymentControl } from '../../commands/deploy/ports';
import type { TargetAccount } from '../../commands/ports';
import type { ScalingActivities } from '../../commands/scale-out/episode';
import type { WebAcls } from '../../commands/waf/ports';
import type { ProcessLister } from '../../commands/processes/ports';
import type { CreditSwitch, InstanceRefreshes } from '../../commands/credits/ports';
import type { RunbookRunner } from '../../commands/runbooks/ports';
import type { BlueshiftConfig, EnvironmentConfig } from '../../lib/config/schema';
import type { Replies } from '../../lib/slack/replies';
import type { StateStore } from '../../lib/state/store';

/** An environment's account as one actor: the ports commands use, and the role session CloudTrail names. */
export type EnvironmentAccount = TargetAccount & {
  roleSession: string;
  control: DeploymentControl;
  waf: WebAcls;
  /** The web ACL's sampled requests: which rule blocked a path. */
  wafSamples: WafSampler;
  /** Forgets the deployment group's cached live fleet, after a deployment changed it. */
  forgetFleet(application: string, group: string): void;
  /** A group's recent scaling activities (DescribeScalingActivities), for failed scale-outs. */
  scaling: ScalingActivities;
  /** "What is using the CPU": the fixed process listing through SSM Run Command. */
  processes: ProcessLister;
  /** Lifting the throttle: credit modes, launch template versions, the group's version. */
  creditSwitch: CreditSwitch;
  /** Moving to a bigger type now: the group's instance refresh, followed until it ends. */
  refreshes: InstanceRefreshes;
  /** Configured runbooks: SSM Automation and Run Command documents. */
  runbooks: RunbookRunner;
  /** The source commit CI recorded for a revision (S3 metadata or the CodeDeploy revision's description). */
  commits: RevisionCommits;
};

/**
 * `WorkerDeps.account` narrowed to some ports of the account: what a function that uses only those needs, so its
 * wiring can build only their clients (WorkerDeps itself fits wherever this does).
 */
export interface AccountDeps<K extends keyof EnvironmentAccount> {
  account(envName: string, actor: Actor): Promise<{ env: EnvironmentConfig; target: Pick<EnvironmentAccount, K> }>;
}

/** Who asked: a Slack user, or SYSTEM_ACTOR for what the bot does on its own. */
export interface Actor {
  id: string;
  name: string;
}

/** Everything the worker needs, built once per container by functions/wiring/worker.ts (or a test). */
export interface WorkerDeps {
  config(): Promise<BlueshiftConfig>;
  store: StateStore;
  replies: Replies;
  directory: Directory;
  /**
   * The one way to reach an environment: its configuration and its account as `actor` (the role session names
   * them in CloudTrail). Fails plainly when the environment is no longer in the configuration.
   */
  account(envName: string, actor: Actor): Promise<{ env: EnvironmentConfig; target: EnvironmentAccount }>;
  describeError: (error: unknown) => string;
  now: () => Date;
  /** The jobs queue: the watch after Reroute sends its next look to it, delayed. */
  queue: JobQueue;
  /** Runs the configured HTTP checks (only those: users never name a URL). */
  probe: HttpProbe;
  /** GitHub's compare of two commits, for what a deployment changes (only configured repositories). */
  github: CommitComparer;
}

/**
 * Who the bot acts as when no person asked (the sweeper, alarm events): the target role's trust policy accepts
 * `blueshift-*` as source identity besides Slack user IDs, so CloudTrail shows the bot itself.
 */
export const SYSTEM_ACTOR = { id: 'blueshift-system', name: 'system' } as const;

/** `WorkerDeps.account` over the configuration and the target accounts' clients (lib/aws/target-account.ts). */
export function accountsIn<A>(
  config: () => Promise<BlueshiftConfig>,
  targets: { for(envName: string, env: EnvironmentConfig, actor: Actor): A },
): (envName: string, actor: Actor) => Promise<{ env: EnvironmentConfig; target: A }> {
  return async (envName, actor) => {
    const env = (await config()).environments[envName];
    if (!env) throw new Error(`environment ${envName} is no longer configured`);
    return { env, target: targets.for(envName, env, actor) };
  };
}
