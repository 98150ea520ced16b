import type { ActionJob, ProcessLookJob } from '../../commands/job';
import type { AnswerPlace, ProcessQuestion } from '../../commands/processes/ports';
import { processQuestionAsked } from '../../lib/slack/blocks/processes';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';
import { once } from '../jobs/once';
import { refuseClick } from '../jobs/reply';
import { checkFleetClick } from './fleet-click';
import { answerQuestion } from './look-processes';
import { runningInstances } from './running-instances';

const TYPED = 'What is using the CPU';
/** Run Command takes a few seconds at least (its waiter's first look is after 5): the first look waits that long. */
export const LOOK_EVERY_SECONDS = 5;

export const lookJob = (question: string, tick: number): ProcessLookJob => ({
  kind: 'process-look',
  id: `process-look:${question}:${tick}`.slice(0, 128),
  question,
  tick,
});

/** The thread of the message the button is on; a button on an ephemeral message (/status) answers the clicker. */
async function placeFor(
  job: ActionJob,
  question: Omit<ProcessQuestion, 'place'>,
  deps: WorkerDeps,
): Promise<AnswerPlace> {
  if (!job.messageTs) {
    return {
      kind: 'ephemeral',
      channel: job.channel,
      user: job.actor.id,
      ...(job.responseUrl ? { responseUrl: job.responseUrl } : {}),
    };
  }
  const asked = processQuestionAsked({
    ...question,
    place: { kind: 'ephemeral', channel: job.channel, user: job.actor.id },
  });
  const threadTs = job.threadTs ?? job.messageTs;
  const { ts } = await deps.replies.post(job.channel, asked, threadTs);
  return { kind: 'thread', channel: job.channel, threadTs, replyTs: ts };
}

/** Reads the fleet and the agents, says in the thread who will be asked, and records the question once. */
async function openQuestion(
  job: ActionJob,
  deps: WorkerDeps,
  found: { env: string; app: string },
  appConfig: Parameters<typeof runningInstances>[0],
  maxInstances: number,
): Promise<ProcessQuestion> {
  const { target } = await deps.account(found.env, job.actor);
  const { instances } = await runningInstances(appConfig, found.env, target);
  const considered = instances.slice(0, maxInstances);
  const pings = considered.length
    ? await target.agents.pingStatus(considered.map((i) => i.id))
    : new Map<string, string>();
  const draft = {
    id: job.id,
    env: found.env,
    app: found.app,
    askedBy: job.actor.id,
    askedAt: deps.now(),
    roleSession: target.roleSession,
    asked: considered.filter((i) => pings.get(i.id) === 'Online'),
    unreachable: considered.flatMap((i) => {
      const ping = pings.get(i.id) ?? 'NotRegistered';
      return ping === 'Online' ? [] : [{ ...i, ping }];
    }),
    leftOut: instances.length - considered.length,
  };
  const question: ProcessQuestion = { ...draft, place: await placeFor(job, draft, deps) };
  if (await deps.store.processQuestions.create(question)) return question;
  // Another delivery of this click recorded it first (its thread reply stands; this one is one more line at worst).
  const recorded = await deps.store.processQuestions.get(job.id);
  if (!recorded) throw new Error(`process question ${job.id} vanished after it was recorded`);
  return recorded;
}

/**
 * "What is using the CPU" (any operator or approver of the environment; it changes nothing): the app's running
 * instances in the environment, at most `processes.maxInstances`, are asked through SSM Run Command for the fixed
 * process listing. Instances whose SSM agent is not online are named at once, not waited for. The answer comes in
 * the thread from `process-look` jobs, which poll Run Command without holding a worker.
 */
export async function askProcesses(job: ActionJob, deps: WorkerDeps): Promise<string> {
  const checked = await checkFleetClick(job, deps, TYPED);
  if ('refused' in checked) return checked.refused;
  const { ref, app, config, entry } = checked;
  const question =
    (await deps.store.processQuestions.get(job.id)) ??
    (await openQuestion(job, deps, ref, app, config.processes.maxInstances));
  if (!question.asked.length && !question.unreachable.length) {
    return refuseClick(
      job,
      deps,
      `${TYPED} (${ref.app} ${ref.env})`,
      `${ref.app} has no running instance in \`${ref.env}\` now.`,
    );
  }
  let commandId = question.commandId;
  if (!commandId && question.asked.length) {
    const { target } = await deps.account(ref.env, job.actor);
    commandId = await target.processes.send(
      question.asked.map((i) => i.id),
      `blueshift: what is using the CPU, asked by ${job.actor.id}`,
    );
    await deps.store.processQuestions.setCommand(question.id, commandId);
  }
  const execution = { job, grant: undefined, deps };
  await once(execution, 'audited', () =>
    audit(
      {
        ...entry,
        decision: 'allowed',
        roleSession: question.roleSession,
        detail: commandId
          ? `ssm:SendCommand AWS-RunShellScript (the fixed ps listing) to ${question.asked.map((i) => i.id).join(', ')}: command ${commandId}${question.unreachable.length ? `; not asked (agent offline): ${question.unreachable.map((i) => i.id).join(', ')}` : ''}`
          : `no instance asked: no SSM agent online among ${question.unreachable.map((i) => i.id).join(', ')}`,
      },
      deps,
      { announce: false },
    ),
  );
  if (!commandId) {
    await answerQuestion({ ...question }, new Map(), deps);
    return 'answered: nothing to ask';
  }
  await once(execution, 'first-look', () =>
    deps.queue.send(lookJob(question.id, 0), { delaySeconds: LOOK_EVERY_SECONDS }),
  );
  return `asked ${question.asked.length}`;
}
