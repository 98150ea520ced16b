import { alarmPhrase } from '../../commands/deploy/alarm-stop';
import { stageOf, outcomeOf } from '../../commands/deploy/stage';
import type { DeploymentControl, DeploymentDetail, DeploymentLink } from '../../commands/deploy/ports';
import type { ProgressView } from '../../commands/deploy/progress-view';
import { revisionLabel } from '../../commands/revision';
import { logger } from '../../lib/log';
import { deploymentFailureReply, deploymentMessage } from '../../lib/slack/blocks/deployment';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { withAlarms } from './alarm-watch';
import { announceDeployment } from './announce';
import { audit } from '../jobs/audit';
import { fingerprint, lockFor, onlyCountsDiffer, progressView } from './view';
import { watchFor } from './watch';

/**
 * Instance-count-only changes closer together than this are folded into the next edit (chat.update is rate
 * limited, Tier 3: https://api.slack.com/methods/chat.update). Our budget is one edit of a message per 2 s as Slack
 * receives them; an edit is timed when it is decided, and reaches Slack after its save, a time that varies by some
 * milliseconds: the quarter second on top keeps two edits' arrivals 2 s apart (`npm run bench`, progress gap).
 */
export const COALESCE_MS = 2_250;

/** What the audit channel calls a deployment someone started outside Slack (nobody typed a command for it). */
export const OUTSIDE_SLACK = 'deployment outside Slack';

/** A deployment's end is a decision point too: the audit channel hears how it finished. */
async function auditOutcome(
  link: DeploymentLink,
  outcome: DeploymentLink['outcome'],
  error: string | undefined,
  deps: WorkerDeps,
): Promise<void> {
  const decision = outcome === 'succeeded' ? 'succeeded' : 'failed';
  const detail = `${link.kind} of ${link.revision} ${outcome}${error ? `: ${error}` : ''}`;
  await audit(
    {
      at: deps.now(),
      user: link.requestedBy,
      command: link.origin ? OUTSIDE_SLACK : `/${link.kind} ${link.app} ${link.env}`,
      decision,
      detail,
      env: link.env,
      app: link.app,
      deploymentId: link.deploymentId,
    },
    deps,
    { announce: true },
  );
}

/**
 * CodeDeploy started a rollback of this deployment (Stop & roll back, or automatic rollback on failure): the
 * rollback gets its own progress message, linked from this one's thread, unless /rollback already gave it one.
 */
async function adoptRollback(
  link: DeploymentLink,
  rollbackId: string,
  detail: DeploymentDetail,
  deps: WorkerDeps,
): Promise<void> {
  if (await deps.store.deployments.get(rollbackId)) return;
  const app = (await deps.config()).apps[link.app];
  const revision = (app && revisionLabel(app, detail.previousRevision?.key)) ?? 'the previous revision';
  const by = link.stopRequestedBy ? { id: link.stopRequestedBy, name: link.stopRequestedBy } : SYSTEM_ACTOR;
  const announced = await announceDeployment(
    {
      deploymentId: rollbackId,
      kind: 'rollback',
      app: link.app,
      env: link.env,
      revision,
      requestedBy: by.id,
      requesterName: by.name,
      approvedBy: undefined,
      rollbackOf: link.deploymentId,
    },
    deps,
  );
  // Undefined: the rollback's own first event is posting its message (docs/decisions/0021), and refreshes it after.
  if (announced?.posted) await refreshProgress(rollbackId, deps, { force: true });
}

/**
 * The failing hooks, once, in the message's thread; the claim is given back if that fails, so a retry says it. A
 * deployment an alarm stopped is reported too, naming the alarm: its hooks were skipped, not failed, so none is read.
 */
async function reportFailure(
  link: DeploymentLink,
  view: ProgressView,
  control: DeploymentControl,
  deps: WorkerDeps,
): Promise<void> {
  if (!(await deps.store.deployments.claimFailureReport(link.deploymentId))) return;
  try {
    const failures = view.stoppedByAlarms ? [] : await control.failures(link.deploymentId);
    await deps.replies.post(link.channel, deploymentFailureReply({ view, failures }), link.ts);
  } catch (error) {
    await deps.store.deployments.releaseFailureReport(link.deploymentId);
    throw error;
  }
}

/** The environment's account, as the person who asked for the deployment (CloudTrail shows them). */
const accountFor = (link: DeploymentLink, deps: WorkerDeps) =>
  deps.account(link.env, { id: link.requestedBy, name: link.requesterName });

/** How often a refresh whose save lost to another edit reads CodeDeploy again. */
const LOST_SAVE_RETRIES = 2;

/**
 * Brings a deployment's progress message up to date with CodeDeploy: re-reads the deployment (events only say
 * that something changed), never moves backwards, skips duplicates, folds bursts, and on failure posts the
 * failing hooks once in the thread.
 */
export async function refreshProgress(
  deploymentId: string,
  deps: WorkerDeps,
  options: { force?: boolean } = {},
): Promise<'updated' | 'unchanged' | 'unknown' | 'unposted'> {
  for (let attempt = 0; ; attempt += 1) {
    const result = await refreshOnce(deploymentId, deps, options);
    // The edit that saved first may have read CodeDeploy before this one did (a watch look's refresh against the
    // STOP event's): read again, or what this one saw waits for the sweeper.
    if (result !== 'lost') return result;
    if (attempt >= LOST_SAVE_RETRIES) return 'unchanged';
  }
}

async function refreshOnce(
  deploymentId: string,
  deps: WorkerDeps,
  options: { force?: boolean },
): Promise<'updated' | 'unchanged' | 'unknown' | 'unposted' | 'lost'> {
  const link = await deps.store.deployments.get(deploymentId);
  // No message yet: whoever claimed the link is posting it (and refreshes it after), or could not (a retry or the
  // sweeper posts it once the claim is given back or has run out).
  if (!link?.ts) return link ? 'unposted' : 'unknown';
  const { env, target } = await accountFor(link, deps);
  const detail = await withAlarms(await target.control.get(deploymentId), target);
  const outcome = outcomeOf(detail.status);
  const progress = outcome === 'running' ? await target.control.progress(deploymentId) : undefined;
  const next =
    link.outcome === 'running'
      ? stageOf(detail, progress, { stage: link.stage, sawReady: link.sawReady })
      : { stage: link.stage, sawReady: link.sawReady };
  const settledOutcome = link.outcome === 'running' ? outcome : link.outcome;
  const now = deps.now();
  const shown = progressView({
    link,
    detail,
    progress,
    stage: next.stage,
    outcome: settledOutcome,
    region: env.region,
    now,
    ciLinks: (await deps.config()).ciLinks,
  });
  const [watch, lock] = await Promise.all([watchFor(link, shown, detail, deps), lockFor(link, deps)]);
  const view = { ...shown, ...watch, ...lock };
  const print = fingerprint(view);
  if (print === link.fingerprint && !options.force) return 'unchanged';
  const countsOnly =
    onlyCountsDiffer(link.fingerprint, print) &&
    link.lastEditAt &&
    now.getTime() - link.lastEditAt.getTime() < COALESCE_MS;
  if (countsOnly && !options.force) return 'unchanged';
  const rolledBackBy = view.rolledBackBy;
  try {
    // Inside: a save that fails part way (the record advanced, the running list not) is put back like an edit.
    const saved = await deps.store.deployments.advance(deploymentId, link.version, {
      ...next,
      outcome: settledOutcome,
      fingerprint: print,
      lastEditAt: now,
      rolledBackBy,
      // When it ended, for an alarm that follows it (handlers/alarms/deploy-context.ts).
      // (A copy: CodeDeploy's date may come from another realm, which the table adapter would not take for a Date.)
      ...(settledOutcome !== 'running' && !link.endedAt
        ? { endedAt: new Date((view.finishedAt ?? now).getTime()) }
        : {}),
    });
    if (!saved) {
      logger.info('another edit of the progress message saved first; reading CodeDeploy again', { deploymentId });
      return 'lost';
    }
    await deps.replies.update(link.channel, link.ts, deploymentMessage(view));
    if (view.rolledBackBy && !link.rolledBackBy) await adoptRollback(link, view.rolledBackBy, detail, deps);
    if ((settledOutcome === 'failed' || view.stoppedByAlarms) && !link.failureReported)
      await reportFailure(link, view, target.control, deps);
    // Last: the steps above are each done once however often this runs again; the audit line is not.
    if (link.outcome === 'running' && settledOutcome !== 'running') {
      const why = view.stoppedByAlarms ? `${alarmPhrase(view.stoppedByAlarms)} fired` : view.error?.message;
      await auditOutcome(link, settledOutcome, why, deps);
    }
  } catch (error) {
    // The record may already say all this was done: put the old state back (unless a newer edit came since, or
    // the save never happened) with no fingerprint, or the retried event — and the sweeper — would find nothing
    // changed and a final state, its audit or its failure report would never reach Slack.
    const previous = {
      stage: link.stage,
      sawReady: link.sawReady,
      outcome: link.outcome,
      fingerprint: '',
      lastEditAt: link.lastEditAt,
      rolledBackBy: link.rolledBackBy,
    };
    await deps.store.deployments
      .advance(deploymentId, link.version + 1, previous)
      .catch((restoreError: unknown) =>
        logger.error('could not put the progress record back after a failed edit', { deploymentId, restoreError }),
      );
    throw error;
  }
  return 'updated';
}
