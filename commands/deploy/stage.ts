import type { DeploymentStatus } from '../ports';
import type { DeploymentDetail, InstanceProgress, Stage } from './ports';
import { STAGES } from './ports';
import type { DeploymentOutcome } from './progress-view';

/** Where the progress message stands, and whether it has seen the deployment wait at Ready. */
export interface StageState {
  stage: Stage;
  /** Ready comes back to InProgress when traffic moves; only this flag tells that InProgress from the early one. */
  sawReady: boolean;
}

const OUTCOMES: Record<DeploymentStatus, DeploymentOutcome> = {
  Created: 'running',
  Queued: 'running',
  InProgress: 'running',
  Baking: 'running',
  Ready: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Stopped: 'stopped',
};

export function outcomeOf(status: DeploymentStatus): DeploymentOutcome {
  return OUTCOMES[status];
}

const rank = (stage: Stage): number => STAGES.indexOf(stage);
const later = (a: Stage, b: Stage): Stage => (rank(a) >= rank(b) ? a : b);

/** Before traffic moves: are green instances there yet? Without target counts, CodeDeploy's overview has to do. */
function beforeReroute(detail: DeploymentDetail, progress: InstanceProgress | undefined): Stage {
  if (progress) return progress.green.total > 0 ? 'installing' : 'provisioning';
  const { inProgress, succeeded, ready, failed } = detail.instances;
  return inProgress + succeeded + ready + failed > 0 ? 'installing' : 'provisioning';
}

/** The stage CodeDeploy's state shows on its own, ignoring what the message showed before. */
function currentStage(detail: DeploymentDetail, progress: InstanceProgress | undefined, sawReady: boolean): Stage {
  switch (detail.status) {
    case 'Created':
    case 'Queued':
      return 'queued';
    case 'Ready':
      return 'ready';
    case 'Baking':
      return 'rerouted';
    case 'Succeeded':
      return 'done';
    default: {
      if (detail.terminationWaitStarted) return 'rerouted';
      // Blue instances leave the load balancer only once traffic moves: proof of a reroute even if Ready was missed.
      const rerouting = sawReady || (progress?.blue.trafficBlocked ?? 0) > 0;
      return rerouting ? 'rerouting' : beforeReroute(detail, progress);
    }
  }
}

/**
 * The stage to show. Events arrive late, twice or out of order, so the result is never earlier than
 * `previous.stage`. A failed or stopped deployment stays at the stage it stopped in. CodeDeploy has no signal
 * for "blue fleet terminating", so `terminating` is only ever kept from `previous` (set when the button worked).
 */
export function stageOf(
  detail: DeploymentDetail,
  progress: InstanceProgress | undefined,
  previous?: StageState,
): StageState {
  // A previous stage at or past ready implies the wait was seen, even from a record that lacks the flag.
  const sawReady =
    (previous?.sawReady ?? false) ||
    (previous !== undefined && rank(previous.stage) >= rank('ready')) ||
    detail.status === 'Ready';
  const current = currentStage(detail, progress, sawReady);
  if (!previous) return { stage: current, sawReady };
  const terminal = detail.status === 'Failed' || detail.status === 'Stopped';
  return { stage: terminal ? previous.stage : later(previous.stage, current), sawReady };
}

/** `▓▓▓▓░░░░░░ 43%`: how far along the blue/green story the stage is. */
export function progressBar(stage: Stage, width = 10): string {
  const fraction = rank(stage) / (STAGES.length - 1);
  const filled = Math.round(fraction * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.round(fraction * 100)}%`;
}

/** `4m 12s`, `1h 5m`, `38s`: a deployment's running time, to the second while it is short. */
export function elapsed(start: Date, end: Date): string {
  const seconds = Math.max(0, Math.floor((end.getTime() - start.getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes}m ${seconds % 60}s` : `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
}
