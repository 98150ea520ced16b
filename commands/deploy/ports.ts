import type { DeploymentStatus, DeploymentSummary, S3Revision } from '../ports';
import type { Changes } from '../changes/types';
import type { DeploymentOrigin } from './origin';

/** Where a deployment stands in the blue/green story, in order; the progress message never goes backwards. */
export const STAGES = [
  'queued', // Created or Queued
  'provisioning', // green fleet being created
  'installing', // revision installing on the green instances
  'ready', // green ready: waiting for someone to reroute traffic
  'rerouting', // traffic moving to green
  'rerouted', // traffic on green; blue fleet waiting to be terminated
  'terminating', // blue fleet terminating
  'done', // Succeeded
] as const;
export type Stage = (typeof STAGES)[number];

export interface DeploymentDetail extends DeploymentSummary {
  application: string;
  group: string;
  blueGreen: boolean;
  /** The green fleet is a copy of the group (COPY_AUTO_SCALING_GROUP), named CodeDeploy_<group>_<deployment id>. */
  copiesFleet: boolean;
  previousRevision?: S3Revision;
  /** A revision in GitHub (deployments CI starts may name one instead of an S3 bundle). */
  github?: { repository: string; commitId: string };
  /** True once traffic has moved and the blue fleet's termination wait has begun. */
  terminationWaitStarted: boolean;
  /** Minutes CodeDeploy waits for a reroute before acting on its own, when the group says so. */
  readyWaitMinutes?: number;
  /** Minutes CodeDeploy keeps the blue fleet after traffic moved, when it terminates it (the watch's window). */
  terminationWaitMinutes?: number;
  rollback?: { rollbackDeploymentId?: string; triggeredBy?: string; message?: string };
  statusMessages: string[];
  /**
   * The CloudWatch alarms CodeDeploy polls during this deployment, stopping it when one is in ALARM: the
   * deployment's own overrideAlarmConfiguration when it names alarms, else (once read) its group's alarmConfiguration.
   */
  alarmWatch?: AlarmWatch;
  /** CodeDeploy stopped it because alarms fired (ALARM_ACTIVE): their names, `[]` when it is not known which. */
  stoppedByAlarms?: string[];
}

/** An alarmConfiguration: CodeDeploy watches `alarms` only while `enabled`. */
export interface AlarmWatch {
  enabled: boolean;
  alarms: string[];
}

/** One failed lifecycle hook on one instance, with the log tail CodeDeploy kept (≤ 4 KB). */
export interface LifecycleFailure {
  instanceId: string;
  label?: 'Blue' | 'Green';
  hook: string;
  errorCode?: string;
  script?: string;
  message?: string;
  logTail?: string;
}

export interface InstanceProgress {
  green: { total: number; succeeded: number; failed: number; inProgress: number };
  blue: { total: number; trafficBlocked: number };
}

/** CodeDeploy, as /deploy, /rollback, the buttons and the progress message need it. */
export interface DeploymentControl {
  /** The newest revision registered with the application (ListApplicationRevisions, newest first). */
  latestRevision(application: string): Promise<S3Revision | undefined>;
  /** CreateDeployment; fails with DeploymentInProgressError (naming the active id) when one is running. */
  start(input: { application: string; group: string; revision: S3Revision; description: string }): Promise<string>;
  get(deploymentId: string): Promise<DeploymentDetail>;
  /** Finished deployments of the group that succeeded, newest first. */
  succeeded(application: string, group: string, limit: number): Promise<DeploymentDetail[]>;
  /** ContinueDeployment: READY_WAIT reroutes traffic now; TERMINATION_WAIT terminates the blue fleet now. */
  continue(deploymentId: string, wait: 'READY_WAIT' | 'TERMINATION_WAIT'): Promise<void>;
  /** StopDeployment with automatic rollback. */
  stop(deploymentId: string, rollback: boolean): Promise<{ status: string; message?: string }>;
  /** Per-instance counts by blue/green label (ListDeploymentTargets + BatchGetDeploymentTargets). */
  progress(deploymentId: string): Promise<InstanceProgress>;
  /** Every failed lifecycle hook with its diagnostics. */
  failures(deploymentId: string): Promise<LifecycleFailure[]>;
}

export type { DeploymentStatus };

/** The bot's record of a deployment it shows: where its progress message is and what it last showed. */
export interface DeploymentLink {
  deploymentId: string;
  kind: 'deploy' | 'rollback';
  app: string;
  env: string;
  revision: string;
  requestedBy: string;
  requesterName: string;
  approvedBy: string | undefined;
  channel: string;
  ts: string;
  startedAt: Date;
  stage: Stage;
  sawReady: boolean;
  outcome: 'running' | 'succeeded' | 'failed' | 'stopped';
  /** Bumped on every edit; edits are conditional on it so concurrent events never overwrite newer ones. */
  version: number;
  /** What the message last showed, so a duplicate event changes nothing. */
  fingerprint: string;
  lastEditAt: Date | undefined;
  failureReported: boolean;
  rerouteRequestedBy: string | undefined;
  terminateRequestedBy: string | undefined;
  stopRequestedBy: string | undefined;
  rollbackOf: string | undefined;
  rolledBackBy: string | undefined;
  /** A deployment blueshift did not start but shows (docs/decisions/0021): what CodeDeploy says of who did. */
  origin?: DeploymentOrigin;
  /** What it changes, as its request showed it (docs/decisions/0024): read once, shown on every edit. */
  changes?: Changes;
  /** The revision it replaces (`v41`), when known: what a rollback from an alarm message goes back to. */
  previousRevision?: string;
  /** When it succeeded, failed or stopped. */
  endedAt?: Date;
}

export type LinkButton = 'rerouteRequestedBy' | 'terminateRequestedBy' | 'stopRequestedBy';

export interface DeploymentLinks {
  /**
   * Creates the link, claimed for posting its message for a short lease; false when it exists (someone else may be
   * posting that message now).
   */
  create(link: DeploymentLink): Promise<boolean>;
  get(deploymentId: string): Promise<DeploymentLink | undefined>;
  /**
   * The newest deployment shown for an app in an environment (by start time), from the state table alone: what an
   * alarm message names (handlers/alarms/deploy-context.ts).
   */
  latest(app: string, env: string): Promise<DeploymentLink | undefined>;
  /** Claims posting the message of a link that has none, when whoever claimed it let the lease run out. */
  takeOver(deploymentId: string): Promise<boolean>;
  /** Gives the claim back when the message could not be posted, so a retry posts it at once. */
  releaseClaim(deploymentId: string): Promise<void>;
  /** Where the progress message is, once posted (a link is created before its message, so a retry can tell). */
  attachMessage(deploymentId: string, ts: string): Promise<void>;
  /** Saves a newer view of the deployment if nobody saved one since `version`; false when someone did. */
  advance(
    deploymentId: string,
    version: number,
    changes: Partial<
      Pick<DeploymentLink, 'stage' | 'sawReady' | 'outcome' | 'fingerprint' | 'lastEditAt' | 'rolledBackBy' | 'endedAt'>
    >,
  ): Promise<boolean>;
  /**
   * Records who pressed a button, once: false when someone already did (a retry of the same job, `jobId`, may
   * again).
   */
  markPressed(deploymentId: string, button: LinkButton, by: string, jobId?: string): Promise<boolean>;
  clearPressed(deploymentId: string, button: LinkButton): Promise<void>;
  /** True for exactly one caller: the failure is reported in the thread once, however many events say so. */
  claimFailureReport(deploymentId: string): Promise<boolean>;
  releaseFailureReport(deploymentId: string): Promise<void>;
  /** Ids of deployments the bot shows (its own and those it adopted) that have not finished yet. */
  running(): Promise<string[]>;
  /** The deployment a request or job started, so a retried job does not start a second one. */
  startedFor(key: string): Promise<string | undefined>;
  recordStarted(key: string, deploymentId: string): Promise<void>;
}
