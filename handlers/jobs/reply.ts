import { logger } from '../../lib/log';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import { ResponseUrlError } from '../../lib/slack/replies';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import type { ActionJob, CommandJob } from '../../commands/job';
import type { WorkerDeps } from './deps';

/**
 * Answers the person who asked: through the command's response_url while it lives (30 minutes, 5 uses), else
 * as an ephemeral message in the channel, so a slow or retried job still reaches them.
 */
export async function replyToRequester(
  job: Pick<CommandJob, 'responseUrl' | 'channel' | 'actor'>,
  message: SlackMessage,
  deps: WorkerDeps,
  visibility: 'ephemeral' | 'in_channel' = 'ephemeral',
): Promise<void> {
  if (visibility === 'in_channel') {
    // Everyone should see it (a deployment started): as the bot in the channel, not tied to response_url's life.
    await deps.replies.post(job.channel, message);
    return;
  }
  if (job.responseUrl) {
    try {
      await deps.replies.respond(job.responseUrl, message);
      return;
    } catch (error) {
      // Refused (expired, used up) or unanswered (a timeout, a dropped connection): either way, say it ephemerally.
      logger.warn(
        error instanceof ResponseUrlError
          ? 'response_url refused the reply; posting it ephemerally instead'
          : 'response_url did not answer; posting the reply ephemerally instead',
        { error },
      );
    }
  }
  await deps.replies.postEphemeral(job.channel, job.actor.id, message);
}

/** Tells whoever pressed a button why it did nothing; 'refused' is the job's outcome. */
export async function refuseClick(job: ActionJob, deps: WorkerDeps, typed: string, reason: string): Promise<string> {
  await replyToRequester(job, refusalMessage(typed, reason), deps);
  return 'refused';
}
