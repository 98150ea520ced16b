import { refusalMessage } from '../../lib/slack/blocks/usage';
import { alarmActions } from '../alarms/buttons';
import type { WorkerDeps } from './deps';
import type { ActionJob } from '../../commands/job';
import type { ActionHandler, Grant } from './outcome';
import { replyToRequester } from './reply';
import { deploymentActions } from '../deploy/buttons';
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
};

/**
 * Longer than any id a button carries (an alarm key is at most 255 characters of name), shorter than a state key may
 * be.
 */
const MAX_VALUE_BYTES = 512;

export async function runActionJob(job: ActionJob, deps: WorkerDeps, grant?: Grant): Promise<string> {
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
