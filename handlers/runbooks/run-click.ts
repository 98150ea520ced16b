import { createHash } from 'node:crypto';
import { describePrincipals, isAmong } from '../../commands/access';
import type { ActionJob } from '../../commands/job';
import { alarmContext, bindParameters, runbooksFor } from '../../commands/runbooks/match';
import type { RunbookRun } from '../../commands/runbooks/ports';
import { parseRunbookValue, runbookPreview, runbookRunMessage } from '../../lib/slack/blocks/runbooks';
import { clickedEpisode } from '../alarms/clicks';
import { audit } from '../jobs/audit';
import type { WorkerDeps } from '../jobs/deps';
import { once } from '../jobs/once';
import type { Grant } from '../jobs/outcome';
import { refuseClick } from '../jobs/reply';
import { openClickApproval, openClickConfirmation } from '../requests/gates';
import { LOOK_EVERY_SECONDS, runbookLook } from './follow';

/** StartAutomationExecution's ClientToken is a UUID: one per click, so a retried start is the same execution. */
function uuidOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type Planned = Omit<RunbookRun, 'place' | 'roleSession' | 'started' | 'finishedAt'>;

/** The click's episode, the runbook it names (still configured and offered by the alarm), its bound parameters. */
async function plan(
  job: ActionJob,
  deps: WorkerDeps,
  grant: Grant | undefined,
): Promise<Planned | { refusal: string }> {
  const ref = parseRunbookValue(job.value);
  if (!ref) return { refusal: 'it names no runbook blueshift knows.' };
  // The approved (or confirmed) click runs again from the request's message, so only the first is tied to the alarm's.
  const found = grant
    ? await deps.store.alarmEpisodes.get(ref.episodeKey)
    : await clickedEpisode({ ...job, value: ref.episodeKey }, deps);
  if (!found) return { refusal: 'blueshift has no record of this alarm any more.' };
  if ('refusal' in found) return { refusal: found.refusal };
  const episode = 'episode' in found ? found.episode : found;
  const config = await deps.config();
  const app = episode.route.app;
  const context = alarmContext(episode.notification);
  const runbook = runbooksFor(app ? config.apps[app] : undefined, episode.route.env, context).find(
    (r) => r.name === ref.runbook,
  );
  if (!app || !runbook) return { refusal: `runbook \`${ref.runbook}\` is not configured for this alarm (any more).` };
  const bound = bindParameters(runbook, context);
  if ('missing' in bound) return { refusal: `this alarm does not name ${bound.missing.join(', ')}.` };
  return {
    id: job.id,
    env: episode.route.env,
    app,
    runbook: runbook.name,
    label: runbook.label,
    kind: runbook.kind,
    document: runbook.document,
    ...(runbook.documentVersion ? { documentVersion: runbook.documentVersion } : {}),
    parameters: bound.parameters,
    ...(runbook.kind === 'command' && context.instanceId ? { instanceId: context.instanceId } : {}),
    alarmName: episode.notification.alarmName,
    requestedBy: job.actor.id,
    ...(grant?.approvedBy ? { approvedBy: grant.approvedBy } : {}),
    at: deps.now(),
  };
}

/** Records the run once, with its thread reply; a redelivery finds it. */
async function recordRun(job: ActionJob, planned: Planned, roleSession: string, deps: WorkerDeps): Promise<RunbookRun> {
  const existing = await deps.store.runbookRuns.get(job.id);
  if (existing) return existing;
  const channel = job.channel;
  const threadTs = job.threadTs ?? job.messageTs;
  const draft = { ...planned, roleSession, place: { channel, threadTs, replyTs: '' } };
  const { ts } = await deps.replies.post(channel, runbookRunMessage(draft, undefined), threadTs);
  const run = { ...draft, place: { channel, threadTs, replyTs: ts } };
  if (await deps.store.runbookRuns.create(run)) return run;
  return (await deps.store.runbookRuns.get(job.id)) ?? run;
}

/**
 * A configured runbook's button on an alarm message (operators): the click shows what will run with which
 * parameters, all bound from the alarm and the configuration, for the clicker to confirm, or for an approver on a
 * protected environment; then it runs (StartAutomationExecution or SendCommand, as the clicker) and is followed in
 * the thread by `runbook-look` jobs.
 */
export async function runRunbookClick(job: ActionJob, deps: WorkerDeps, grant?: Grant): Promise<string> {
  const planned = await plan(job, deps, grant);
  const typed = 'Runbook';
  if ('refusal' in planned) return refuseClick(job, deps, typed, planned.refusal);
  const config = await deps.config();
  const env = config.environments[planned.env];
  if (!env) return refuseClick(job, deps, typed, `\`${planned.env}\` is no longer configured.`);
  const named = `runbook ${planned.runbook} (${planned.label})`;
  const entry = { at: deps.now(), user: job.actor.id, command: named, env: planned.env, app: planned.app };
  if (!(await isAmong(job.actor.id, env.access.operators, deps.directory))) {
    const refusal = `only ${describePrincipals(env.access.operators)} may run runbooks on \`${planned.env}\`.`;
    await audit({ ...entry, decision: 'refused', detail: refusal }, deps, { announce: true });
    return refuseClick(job, deps, named, refusal);
  }
  const preview = runbookPreview(planned);
  const gate = env.protected
    ? grant?.approvedBy
      ? undefined
      : 'approval'
    : grant?.confirmedBy
      ? undefined
      : 'confirmation';
  if (gate) {
    const input = { preview, typed: named, env: planned.env, app: planned.app };
    const request = await (gate === 'approval' ? openClickApproval : openClickConfirmation)(input, {
      job,
      deps,
      config,
    });
    await once({ job, grant, deps }, 'gate-audited', () =>
      audit({ ...entry, decision: 'allowed', detail: `${gate} requested (${request.id}): ${preview.summary}` }, deps, {
        announce: gate === 'approval',
      }),
    );
    return `gate ${request.id}`;
  }
  const { target } = await deps.account(planned.env, job.actor);
  const run = await recordRun(job, planned, target.roleSession, deps);
  if (!run.started) {
    const started =
      run.kind === 'automation'
        ? await target.runbooks.startAutomation(
            run.document,
            run.documentVersion,
            run.parameters,
            uuidOf(`${job.id}\n${run.runbook}`),
          )
        : await target.runbooks.sendDocument(
            run.document,
            run.documentVersion,
            run.instanceId ?? '',
            run.parameters,
            `blueshift: ${run.runbook}, asked by ${job.actor.id}`,
          );
    await deps.store.runbookRuns.setStarted(run.id, started);
    run.started = started;
    await deps.replies.update(run.place.channel, run.place.replyTs, runbookRunMessage(run, undefined));
  }
  await once({ job, grant, deps }, 'audited', () =>
    audit(
      {
        ...entry,
        decision: 'allowed',
        roleSession: run.roleSession,
        detail: `${run.kind === 'automation' ? 'ssm:StartAutomationExecution' : 'ssm:SendCommand'} ${run.document} ${JSON.stringify(run.parameters)} → ${run.started ?? ''}${grant?.approvedBy ? ` (approved by ${grant.approvedBy})` : grant?.confirmedBy ? ` (confirmed by ${grant.confirmedBy})` : ''}`,
      },
      deps,
      { announce: true },
    ),
  );
  await once({ job, grant, deps }, 'first-look', () =>
    deps.queue.send(runbookLook(run.id, 0), { delaySeconds: LOOK_EVERY_SECONDS }),
  );
  return `started ${run.started ?? ''}`;
}

export const runbookActions = { 'runbook.run': runRunbookClick };
