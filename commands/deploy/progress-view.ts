import type { DeploymentStatus } from '../ports';
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
}

export interface FailureView {
  view: ProgressView;
  failures: LifecycleFailure[];
}
