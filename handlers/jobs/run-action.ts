import { logger } from '../../lib/log';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { alarmActions, unmarkAlarm } from '../alarms/buttons';
import { creditButtons } from '../credits/buttons';
import { runbookActions } from '../runbooks/run-click';
import type { WorkerDeps } from './deps';
import type { ActionJob } from '../../commands/job';
import type { ActionHandler, Grant } from './outcome';
import { replyToRequester } from './reply';
import { deploymentActions, unmarkDeployment } from '../deploy/buttons';
import { fleetActions } from '../fleet/move-click';
import { watchActions } from '../deploy/watch-buttons';
import { lockActions } from '../deploy/take-over';
import { requestActions } from '../requests/buttons';

export const ACTIONS: Record<string, ActionHandler> = {
  ...requestActions((job, deps, grant) => runActionJob(job, deps, grant)),
  ...deploymentActions,
  ...alarmActions,
  ...fleetActions,
  ...watchActions,
  ...lockActions,
  ...creditButtons,
  ...runbookActions,
};

/** Shows the clicked message from the record of what its button names; false when it is not that thing's message. */
type Unmark = (job: ActionJob, deps: WorkerDeps) => Promise<boolean>;

/** How each button the slack function may mark (commands/click-feedback.ts) puts its message back. */
export const UNMARK: Record<string, Unmark> = {
  'deployment.reroute': unmarkDeployment,
  'deployment.terminate-blue': unmarkDeployment,
  'deployment.stop': unmarkDeployment,
  'alarm.ack': unmarkAlarm,
  'alarm.snooze-1h': unmarkAlarm,
  'alarm.snooze-4h': unmarkAlarm,
};

/**
 * A marked click the worker refused, or failed on, leaves its message as the record stands: the mark said
 * "requested", and it was not. A message that is not what its button names (a forged click) gets back what it
 * showed, through the click's response_url. A failure to do so is logged; the refusal itself reached the clicker.
 */
async function unmarkRefused(job: ActionJob, deps: WorkerDeps): Promise<void> {
  const { marked, responseUrl } = job;
  if (!marked) return;
  try {
    const shown = (await UNMARK[job.action]?.(job, deps)) ?? false;
    if (!shown && responseUrl)
      await deps.replies.respond(responseUrl, marked as SlackMessage, { replaceOriginal: true });
  } catch (error) {
    logger.warn('could not put a marked message back after the click was refused', { action: job.action, error });
  }
}

/**
 * Longer than any id a button carries (an alarm key is at most 255 characters of name), shorter than a state key may
 * be.
 */
const MAX_VALUE_BYTES = 512;

async function runButton(job: ActionJob, deps: WorkerDeps, grant?: Grant): Promise<string> {
  const handler = ACTIONS[job.action];
  // What no button of blueshift carries is looked up nowhere (an empty or huge value is no key the state table takes).
  if (handler && (!job.value || Buffer.byteLength(job.value) > MAX_VALUE_BYTES)) {
    await replyToRequester(
      job,
      refusalMessage('that button', 'it names nothing blueshift knows; run the command again.'),
      deps,
    );
    return 'refused';
  }
  if (handler) return handler(job, deps, grant);
  await replyToRequester(
    job,
    refusalMessage('that button', 'this version of blueshift does not know it; run the command again.'),
    deps,
  );
  return 'unknown action';
}

export async function runActionJob(job: ActionJob, deps: WorkerDeps, grant?: Grant): Promise<string> {
  let outcome: string;
  try {
    outcome = await runButton(job, deps, grant);
  } catch (error) {
    await unmarkRefused(job, deps);
    throw error;
  }
  if (outcome === 'refused' || outcome === 'unknown action') await unmarkRefused(job, deps);
  return outcome;
}
