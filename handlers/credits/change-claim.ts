import { changeWords, holdsTheSwitch, type CreditChange } from '../../commands/credits/changes';
import type { GroupTemplate, NoTemplate } from '../../commands/credits/ports';
import { driftSince, type Watched } from '../../commands/credits/drift';
import type { ActionJob } from '../../commands/job';
import type { FleetRef } from '../../commands/processes/fleet-ref';
import { section } from '../../lib/slack/blocks/kit';
import { actor } from '../../lib/slack/blocks/kit';
import type { WorkerDeps } from '../jobs/deps';
import type { Grant } from '../jobs/outcome';
import { once } from '../jobs/once';
import { changesMade } from './change-steps';

/**
 * One change of an app's fleet at a time (`CREDITCHANGE#<env>#<app>`, docs/decisions/0026): a credit switch or a
 * move to a bigger type takes the app's claim with a conditional write; a double click, or a click while another
 * change waits for approval or is applied, is told who has it.
 */

async function claimRefusal(current: CreditChange | undefined, deps: WorkerDeps): Promise<string | undefined> {
  if (!current) return undefined;
  const request = current.requestId ? await deps.store.requests.get(current.requestId) : undefined;
  if (!holdsTheSwitch(current, request?.status, deps.now())) return undefined;
  return current.status === 'applying'
    ? `${actor(current.requestedBy)}'s ${changeWords(current)} is being applied right now.`
    : `${actor(current.requestedBy)} already asked to ${changeWords(current)}; it waits for an approver.`;
}

/** Takes the app's claim for this click's change, or says why not. The same click again gets its own change back. */
export async function takeChange(
  job: ActionJob,
  ref: FleetRef,
  what: Pick<CreditChange, 'mode' | 'instanceType'>,
  deps: WorkerDeps,
): Promise<CreditChange | string> {
  const current = await deps.store.creditChanges.get(ref.env, ref.app);
  if (current?.id === job.id) return current; // this click, again: approved, or redelivered
  const refusal = await claimRefusal(current, deps);
  if (refusal) return refusal;
  const change: CreditChange = {
    env: ref.env,
    app: ref.app,
    id: job.id,
    ...what,
    status: 'asked',
    requestedBy: job.actor.id,
    at: deps.now(),
    steps: {},
  };
  if (!(await deps.store.creditChanges.claim(change, current?.id)))
    return 'someone else is changing it right now; their outcome comes in the thread.';
  return change;
}

/** The click's place for the outcome: the thread of the message it was on, else the environment's channel. */
export const placeOf = (job: ActionJob) => ({ channel: job.channel, threadTs: job.threadTs ?? job.messageTs });

/** Keeps what the preview showed on the change, to compare with AWS after the approval. */
export async function rememberPreview(change: CreditChange, templates: GroupTemplate[], deps: WorkerDeps) {
  if (change.steps.preview) return;
  const json = JSON.stringify(templates);
  await deps.store.creditChanges.update(change.env, change.app, change.id, { step: { name: 'preview', result: json } });
  change.steps.preview = json;
}

/**
 * After an approval, before anything is changed: what AWS says now against what the approver saw. Differences that
 * leave the change meaning the same are said in the thread (once) and it goes on; otherwise the refusal's reason.
 * Nothing to compare once a step was made (our own change is a difference) or without a stored preview.
 */
export async function checkSincePreview(
  context: { job: ActionJob; grant: Grant | undefined; change: CreditChange; deps: WorkerDeps },
  live: (GroupTemplate | NoTemplate)[],
  watched: Watched,
): Promise<string | undefined> {
  const { job, grant, change, deps } = context;
  if (!grant || !change.steps.preview || changesMade(change).length) return undefined;
  const drift = driftSince(JSON.parse(change.steps.preview) as GroupTemplate[], live, watched);
  if (drift.refusal) return drift.refusal;
  if (drift.notes.length) {
    const text = `Since the preview: ${drift.notes.join('; ')}. Going on.`;
    const where = placeOf(job);
    await once({ job, grant, deps }, 'drift-said', () =>
      deps.replies.post(where.channel, { text, blocks: [section(text)] }, where.threadTs),
    );
  }
  return undefined;
}
