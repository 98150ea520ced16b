import type { ProcessLookJob } from '../../commands/job';
import type { Invocation, ProcessQuestion } from '../../commands/processes/ports';
import { processQuestionAnswered, processQuestionFailed } from '../../lib/slack/blocks/processes';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import { logger } from '../../lib/log';
import type { FailureAudience } from '../jobs/audience';
import type { WorkerDeps } from '../jobs/deps';

/** Looks every 5 seconds for 2 minutes: Run Command's delivery timeout (60 s) plus the script's (30 s), and margin. */
export const MAX_LOOKS = 24;
const LOOK_EVERY_SECONDS = 5;

/** Shows a message where the question was asked: the thread reply, edited in place, or only to the person. */
async function show(question: ProcessQuestion, message: SlackMessage, deps: WorkerDeps): Promise<void> {
  const { place } = question;
  if (place.kind === 'thread') {
    await deps.replies.update(place.channel, place.replyTs, message);
    return;
  }
  if (place.responseUrl) {
    try {
      await deps.replies.respond(place.responseUrl, message);
      return;
    } catch (error) {
      logger.warn('response_url did not take the message; posting it ephemerally', { error });
    }
  }
  await deps.replies.postEphemeral(place.channel, place.user, message);
}

/** Shows the answer where the question was asked (the thread reply, edited in place), once. */
export async function answerQuestion(
  question: ProcessQuestion,
  invocations: ReadonlyMap<string, Invocation>,
  deps: WorkerDeps,
): Promise<void> {
  const message = processQuestionAnswered(question, invocations);
  if (question.place.kind === 'thread') {
    // Editing the reply again shows the same answer: a redelivery may do it, and that is harmless.
    await show(question, message, deps);
    await deps.store.processQuestions.markAnswered(question.id, deps.now());
    return;
  }
  // An ephemeral answer cannot be taken back: claimed first, so it is said once.
  if (!(await deps.store.processQuestions.markAnswered(question.id, deps.now()))) return;
  await show(question, message, deps);
}

/**
 * A look that failed for good (every retry spent, or a refusal a retry cannot fix) would leave "Waiting for…" in
 * the thread forever: the reply says what failed and what to do instead. The question stays unanswered, so a look
 * redriven from the dead-letter queue can still answer it.
 */
export async function processLookAudience(job: ProcessLookJob, deps: WorkerDeps): Promise<FailureAudience> {
  const question = await deps.store.processQuestions.get(job.question).catch((error: unknown) => {
    logger.error('the question of a failed look could not be read', { error });
    return undefined;
  });
  if (!question) return { typed: `What is using the CPU (question ${job.question})`, user: 'unknown' };
  return {
    typed: `What is using the CPU (${question.app} ${question.env})`,
    user: question.askedBy,
    env: question.env,
    app: question.app,
    tell: (reason, next) => show(question, processQuestionFailed(question, reason, next), deps),
  };
}

/**
 * One look at the instances' invocations (a `process-look` job): when every asked instance has finished, or the
 * looks are used up, the answer is shown; otherwise the next look is sent, delayed, and no worker waits meanwhile.
 */
export async function runProcessLook(job: ProcessLookJob, deps: WorkerDeps): Promise<string> {
  const question = await deps.store.processQuestions.get(job.question);
  if (!question?.commandId) return 'no such question';
  if (question.answeredAt) return 'already answered';
  const { commandId } = question;
  const { target } = await deps.account(question.env, { id: question.askedBy, name: question.askedBy });
  const looked = await Promise.all(
    question.asked.map(
      async (instance) => [instance.id, await target.processes.invocation(commandId, instance.id)] as const,
    ),
  );
  const invocations = new Map<string, Invocation>(looked);
  const waiting = looked.filter(([, invocation]) => invocation.state === 'pending').length;
  if (waiting && job.tick + 1 < MAX_LOOKS) {
    await deps.queue.send(
      {
        kind: 'process-look',
        id: `process-look:${question.id}:${job.tick + 1}`.slice(0, 128),
        question: question.id,
        tick: job.tick + 1,
      },
      { delaySeconds: LOOK_EVERY_SECONDS },
    );
    return `waiting for ${waiting}`;
  }
  await answerQuestion(question, invocations, deps);
  return 'answered';
}
