import { diagnoseInstances } from '../../commands/alarms/diagnose';
import type { DeploymentDetail, LifecycleFailure } from '../../commands/deploy/ports';
import { outcomeOf } from '../../commands/deploy/stage';
import { withFailure, withResolution, type ScaleOutEpisode } from '../../commands/scale-out/episode';
import type { CreditTie, ScaleOutView } from '../../commands/scale-out/view';
import { logger } from '../../lib/log';
import { scaleOutFailingMessage, scaleOutResolvedMessage } from '../../lib/slack/blocks/scale-out';
import { deploymentConsoleUrl } from '../deploy/view';
import type { EnvironmentAccount, WorkerDeps } from '../jobs/deps';
import { changeEpisode, showEpisode } from './episode-store';

/** Scaling activities shown, from a little before the episode's first failure. */
const ACTIVITIES_MAX = 5;
const ACTIVITIES_BEFORE_MS = 10 * 60_000;

export interface ScaleOutScope {
  app: string;
  env: string;
  region: string;
  channel: string;
  /** The app's revision as the message names it (`v41` from the artifact key). */
  revisionOf(detail: DeploymentDetail): string;
}

/**
 * The Auto Scaling group a scale-out deployment ran in. The deployment does not name it: with one group behind the
 * deployment group (the usual blue/green set-up) it is that one, else the group the instance was launched in.
 */
async function groupOf(
  detail: DeploymentDetail,
  instanceId: string | undefined,
  target: EnvironmentAccount,
): Promise<string | undefined> {
  const { serving } = await target.deploymentGroups.fleet(detail.application, detail.group);
  if (serving.length === 1) return serving[0];
  return instanceId ? (await target.insights.instancesFor({ InstanceId: instanceId }))?.groupName : undefined;
}

/** The credit watch's warning about the group, or the group's throttling diagnosis now, when credits run out. */
async function creditTie(
  env: string,
  group: string,
  target: EnvironmentAccount,
  deps: WorkerDeps,
): Promise<CreditTie | undefined> {
  const now = deps.now();
  try {
    const warned = await deps.store.creditWarnings.warnedSince(env, group, now);
    if (warned) return { kind: 'warned', at: warned };
    const diagnosis = await diagnoseInstances({ AutoScalingGroupName: group }, target.insights, now);
    return diagnosis?.verdict === 'exhausted' || diagnosis?.verdict === 'draining'
      ? { kind: 'diagnosed', headline: diagnosis.headline }
      : undefined;
  } catch (error) {
    logger.warn('CPU-credit check for a churning group unavailable', { env, group, error });
    return { kind: 'unavailable', error: deps.describeError(error) };
  }
}

async function activities(group: string, since: Date, target: EnvironmentAccount, deps: WorkerDeps) {
  try {
    const from = new Date(since.getTime() - ACTIVITIES_BEFORE_MS);
    return { ok: true as const, items: await target.scaling.recent(group, from, ACTIVITIES_MAX) };
  } catch (error) {
    logger.warn('scaling activities unavailable', { group, error });
    return { ok: false as const, error: deps.describeError(error) };
  }
}

interface Known {
  detail: DeploymentDetail;
  failures: LifecycleFailure[];
}

/** The episode's latest failed deployment: the one this event is about, or read again when a newer one failed. */
async function latestOf(episode: ScaleOutEpisode, known: Known, scope: ScaleOutScope, target: EnvironmentAccount) {
  const id = episode.failures.at(-1)?.deploymentId;
  if (!id) return undefined;
  const { detail, failures } =
    id === known.detail.id
      ? known
      : { detail: await target.control.get(id), failures: await target.control.failures(id) };
  return {
    deploymentId: id,
    consoleUrl: deploymentConsoleUrl(scope.region, id),
    revision: scope.revisionOf(detail),
    failures,
    error: detail.error,
  };
}

function renderer(group: string, scope: ScaleOutScope, known: Known, target: EnvironmentAccount, deps: WorkerDeps) {
  return async (episode: ScaleOutEpisode) => {
    if (episode.resolvedBy) return scaleOutResolvedMessage({ ...scope, group, episode });
    const [latest, recent, credits] = await Promise.all([
      latestOf(episode, known, scope, target),
      activities(group, episode.since, target, deps),
      creditTie(scope.env, group, target, deps),
    ]);
    const view: ScaleOutView = {
      ...scope,
      group,
      episode,
      latest,
      activities: recent,
      credits,
      now: deps.now(),
    };
    return scaleOutFailingMessage(view);
  };
}

/**
 * Auto Scaling's deployment to a new instance ended (creator `autoscaling`, docs/decisions/0021). Success says
 * nothing, unless it ends the group's episode of failures; a failure is counted in that episode, whose one message
 * names the instance, the failed lifecycle event, its log tail and the group's recent scaling activities.
 */
export async function scaleOutEnded(
  detail: DeploymentDetail,
  instanceId: string | undefined,
  scope: ScaleOutScope,
  target: EnvironmentAccount,
  deps: WorkerDeps,
): Promise<string> {
  const outcome = outcomeOf(detail.status);
  if (outcome === 'running' || outcome === 'stopped') return `scale-out ${outcome}`;
  const failures = outcome === 'failed' ? await target.control.failures(detail.id) : [];
  const instance = failures[0]?.instanceId ?? instanceId;
  const group = await groupOf(detail, instance, target);
  if (!group) {
    logger.warn('the Auto Scaling group of a scale-out deployment could not be told', { deploymentId: detail.id });
    return 'scale-out of an unknown group';
  }
  const at = detail.completedAt ?? deps.now();
  const change =
    outcome === 'succeeded'
      ? (current: ScaleOutEpisode | undefined) => withResolution(current, detail.id, at)
      : (current: ScaleOutEpisode | undefined) =>
          withFailure(
            current,
            { deploymentId: detail.id, at, instanceId: instance, hook: failures[0]?.hook },
            { app: scope.app, env: scope.env, group },
          );
  const episode = await changeEpisode(scope.env, group, change, deps);
  // A success on a group with no open episode is the everyday case: nothing to say.
  if (outcome === 'succeeded' && episode?.resolvedBy?.deploymentId !== detail.id) return 'scale-out succeeded';
  const render = renderer(group, scope, { detail, failures }, target, deps);
  const shown = await showEpisode(scope.env, group, scope.channel, render, deps);
  return `scale-out ${outcome}: ${shown}`;
}
