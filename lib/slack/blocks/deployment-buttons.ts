import type { ActionsBlock } from '@slack/types';
import type { ProgressView } from '../../../commands/deploy/progress-view';
import { actions, type ButtonSpec } from './buttons';
import { escape } from './kit';

function reroute(view: ProgressView): ButtonSpec {
  return {
    action: 'deployment.reroute',
    text: 'Reroute traffic',
    value: view.deploymentId,
    style: 'primary',
    confirm: {
      title: 'Reroute traffic to green?',
      text: `The load balancer starts sending ${escape(view.env)} traffic for ${escape(view.app)} to the new ${escape(view.revision)} instances. Blue stays up, so Stop & roll back can still move it back.`,
      confirm: 'Reroute traffic',
    },
  };
}

function terminateBlue(view: ProgressView): ButtonSpec {
  return {
    action: 'deployment.terminate-blue',
    text: 'Terminate blue now',
    value: view.deploymentId,
    style: 'danger',
    confirm: {
      title: 'Terminate the blue fleet now?',
      text: 'The old instances are your quick way back. Once they are terminated, going back means deploying the previous revision again.',
      confirm: 'Terminate blue',
    },
  };
}

function stop(view: ProgressView): ButtonSpec {
  // The watch found a problem and the environment asks first: this is the one button that matters now.
  const warm = view.watch?.status === 'failed';
  return {
    action: 'deployment.stop',
    text: warm ? 'Roll back now — blue is still warm' : 'Stop & roll back',
    value: view.deploymentId,
    style: 'danger',
    confirm: {
      title: 'Stop and roll back?',
      text: `CodeDeploy stops ${view.deploymentId} and redeploys the last good revision of ${escape(view.app)} in ${escape(view.env)}; traffic goes back to the blue fleet if it is still running.`,
      confirm: 'Stop & roll back',
    },
  };
}

/**
 * Blue is the way back while the watch runs: Terminate is offered once it passed (or found only a WAF block, which
 * a rollback would not fix), never while it watches or after it failed.
 */
function watchAllowsTerminate(view: ProgressView): boolean {
  return !view.watch || ['passed', 'waf-blocked', 'ended'].includes(view.watch.status);
}

/**
 * The buttons the deployment's state allows, each offered until someone presses it. Once a stop is requested,
 * nothing else is offered: rerouting or terminating a deployment being stopped would fight the rollback.
 */
export function deploymentButtons(view: ProgressView): ActionsBlock | undefined {
  if (view.outcome !== 'running' || view.stopRequestedBy) return undefined;
  const buttons: ButtonSpec[] = [];
  if (view.stage === 'ready' && !view.rerouteRequestedBy) buttons.push(reroute(view));
  if (view.stage === 'rerouted' && !view.terminateRequestedBy && watchAllowsTerminate(view))
    buttons.push(terminateBlue(view));
  buttons.push(stop(view));
  return actions(`deployment-${view.deploymentId}`, buttons);
}

/** Who pressed what, in place of the buttons they pressed, and what CodeDeploy does if nobody reroutes. */
export function deploymentNotes(view: ProgressView): string[] {
  const running = view.outcome === 'running';
  const notes: string[] = [];
  if (running && view.rerouteRequestedBy) notes.push(`🔀 Reroute requested by <@${view.rerouteRequestedBy}>`);
  if (running && view.terminateRequestedBy)
    notes.push(`🧹 Blue termination requested by <@${view.terminateRequestedBy}>`);
  if (running && view.stopRequestedBy) notes.push(`⏹ Stop & roll back requested by <@${view.stopRequestedBy}>`);
  if (running && view.stage === 'ready' && view.readyWaitMinutes && !view.rerouteRequestedBy) {
    notes.push(
      `⏱ If nobody reroutes within ${view.readyWaitMinutes} minutes of green becoming ready, CodeDeploy stops this deployment and traffic stays on blue.`,
    );
  }
  if (running && view.watchWarning) notes.push(`⚠️ ${escape(view.watchWarning)}`);
  if (view.rollbackOf) notes.push(`↩️ This rollback replaces deployment \`${view.rollbackOf}\`.`);
  if (view.rolledBackBy)
    notes.push(`↩️ Rolled back by deployment \`${view.rolledBackBy}\`, which puts the previous revision back.`);
  return notes;
}
