import type { WatchStatus } from '../checks/watch';
import type { OnWatchFailure, WafBlame } from '../checks/types';
import type { DeployLock, DeploymentStatus } from '../ports';
import type { TextPart } from './origin';
import type { InstanceProgress, LifecycleFailure, Stage } from './ports';

export type DeploymentOutcome = 'running' | 'succeeded' | 'failed' | 'stopped';

/** Everything the progress message shows; built from CodeDeploy's state and the bot's link record. */
export interface ProgressView {
  kind: 'deploy' | 'rollback';
  app: string;
  env: string;
  /** `v42`, from the artifact key template. */
  revision: string;
  deploymentId: string;
  requestedBy: string;
  approvedBy: string | undefined;
  startedAt: Date;
  now: Date;
  finishedAt: Date | undefined;
  stage: Stage;
  status: DeploymentStatus;
  outcome: DeploymentOutcome;
  instances: InstanceProgress | undefined;
  error: { code: string; message: string } | undefined;
  /** Who pressed which button, so it is not offered twice. */
  rerouteRequestedBy: string | undefined;
  terminateRequestedBy: string | undefined;
  stopRequestedBy: string | undefined;
  /** Minutes CodeDeploy waits at "ready" before acting on its own. */
  readyWaitMinutes: number | undefined;
  /** For a rollback: the deployment it replaces. For a deploy that was rolled back: the rollback's id. */
  rollbackOf: string | undefined;
  rolledBackBy: string | undefined;
  /** The CodeDeploy console page of this deployment. */
  consoleUrl: string;
  /** The Auto Scaling group CodeDeploy copies for this deployment: green while it runs, serving once it succeeded. */
  greenGroup?: string;
  /** While it runs: the CloudWatch alarms CodeDeploy stops it for (its alarmConfiguration, when enabled). */
  watchedAlarms: string[];
  /** Once it ended: the alarms CodeDeploy stopped it for (ALARM_ACTIVE), `[]` when it did not say which. */
  stoppedByAlarms: string[] | undefined;
  /** The watch after Reroute, when the app's checks in this environment have one. */
  watch?: WatchView;
  /** Before the watch: CodeDeploy keeps blue for less time than the watch needs. */
  watchWarning?: string;
  /** Started outside Slack (an adopted deployment): CodeDeploy's creator and the description, cut into parts. */
  origin?: OriginView;
  /** The app's deploy lock in the environment, when one is held (a rollback leaves blueshift's). */
  lock?: DeployLock;
}

export interface OriginView {
  creator: string | undefined;
  /** The description as text, with only URLs on configured CI hosts as links. */
  description: TextPart[];
  /** A GitHub revision's commit page, when it is on a configured CI host. */
  commitUrl?: string;
}

/** The watch as the message shows it: `Watching 4 of 10 min · /admin 200 · / 200 · no alarms`. */
export interface WatchView {
  status: WatchStatus;
  /** `4 of 10 min`. */
  progress: string;
  /** Each check's last result, in a few words: `/admin 200`, `/ 500 (expected 200)`. */
  checks: string[];
  /** The app's alarms firing at the last look. */
  alarms: string[];
  onFailure: OnWatchFailure;
  failure?: string;
  blame?: WafBlame;
  /** Minutes CodeDeploy keeps blue, when that is shorter than the watch. */
  blueKeptMinutes?: number;
  overriddenBy?: string;
  overrideReason?: string;
}

export interface FailureView {
  view: ProgressView;
  failures: LifecycleFailure[];
}
