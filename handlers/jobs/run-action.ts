import { refusalMessage } from '../../lib/slack/blocks/usage';
import { alarmActions } from '../alarms/buttons';
import type { WorkerDeps } from './deps';
import type { ActionJob } from '../../commands/job';
import type { ActionHandler } from './outcome';
import { replyToRequester } from './reply';
import { deploymentActions } from '../deploy/buttons';
import { requestActions } from '../requests/buttons';

const ACTIONS: Record<string, ActionHandler> = { ...requestActions, ...deploymentActions, ...alarmActions };

export async function runActionJob(job: ActionJob, deps: WorkerDeps): Promise<string> {
  const handler = ACTIONS[job.action];
  if (handler) return handler(job, deps);
  await replyToRequester(job, refusalMessage('that button', 'this version of blueshift does not know it; run the command again.'), deps);
  return 'unknown action';
}
