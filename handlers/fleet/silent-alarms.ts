import { checkSilentAlarms, moveSilentAlarms, type FleetAccount } from '../../commands/fleet/check';
import type { SilentAlarmRecord } from '../../commands/fleet/ports';
import type { AppConfig, BlueshiftConfig } from '../../lib/config/schema';
import {
  alarmMoveResultsMessage,
  silentAlarmsMessage,
  type SilentAlarmsState,
} from '../../lib/slack/blocks/silent-alarms';
import { SYSTEM_ACTOR, type WorkerDeps } from '../jobs/deps';
import { audit } from '../jobs/audit';

/** How long a checker may take to post a finding before another may claim it (its Lambda died). */
export const FINDING_LEASE_MS = 5 * 60_000;
/** The job id of the automatic move, the same on every attempt, so a crashed move is resumed, not refused. */
const AUTOMATIC_MOVE = 'automatic';

/**
 * A gone group CodeDeploy did not name was this environment's when the configuration names it, when blueshift saw
 * the deployment group serving it, or when no other environment of the app shares the account and region (then the
 * app's alarms there can only be this one's).
 */
export function ownsFor(
  config: BlueshiftConfig,
  appConfig: AppConfig,
  env: string,
  servedBefore: Set<string>,
): (group: string) => boolean {
  const here = config.environments[env];
  const sharing = Object.entries(config.environments).filter(
    ([name, other]) =>
      name !== env &&
      other.account === here?.account &&
      other.region === here.region &&
      Object.hasOwn(appConfig.codedeploy.groups, name),
  );
  return (group) => appConfig.autoScalingGroups[env] === group || servedBefore.has(group) || sharing.length === 0;
}

const withLiveGroup = (record: SilentAlarmRecord): record is SilentAlarmRecord & { liveGroup: string } =>
  record.liveGroup !== undefined;

/** The finding's message shows `state`; posted the first time, edited after. */
async function show(
  record: SilentAlarmRecord,
  state: SilentAlarmsState,
  channel: string,
  deps: WorkerDeps,
): Promise<{ channel: string; ts: string }> {
  const message = silentAlarmsMessage(record, state);
  if (record.message) {
    await deps.replies.update(record.message.channel, record.message.ts, message);
    return record.message;
  }
  const { ts } = await deps.replies.post(channel, message);
  await deps.store.silentAlarms.posted(record.env, record.group, { channel, ts });
  return { channel, ts };
}

/**
 * Moves a finding's alarms to the live group and tells: the message, each alarm's result in its thread, the audit
 * trail. `move.job` is the job doing it; a second job finds the move taken and is told so.
 */
export async function moveFinding(
  record: SilentAlarmRecord & { liveGroup: string; message: { channel: string; ts: string } },
  move: { by: string; job: string; automatic: boolean },
  account: FleetAccount & { roleSession: string },
  deps: WorkerDeps,
): Promise<'moved' | 'taken'> {
  if (
    !(await deps.store.silentAlarms.startMove(record.env, record.group, { by: move.by, job: move.job, at: deps.now() }))
  )
    return 'taken';
  const outcomes = await moveSilentAlarms(record, account.alarmRewriter, deps.describeError);
  await deps.replies.update(
    record.message.channel,
    record.message.ts,
    silentAlarmsMessage(record, { kind: 'moved', by: move.by, automatic: move.automatic }),
  );
  await deps.replies.post(
    record.message.channel,
    alarmMoveResultsMessage(record.liveGroup, outcomes),
    record.message.ts,
  );
  await deps.store.silentAlarms.finishMove(record.env, record.group, deps.now());
  const failed = outcomes.filter((outcome) => outcome.result === 'failed');
  await audit(
    {
      at: deps.now(),
      user: move.by,
      command: `move alarms from ${record.group} to ${record.liveGroup}`,
      decision: failed.length ? 'failed' : 'succeeded',
      detail: `${outcomes.length - failed.length} of ${outcomes.length} alarms moved${move.automatic ? ' automatically after the deployment' : ''}${failed.length ? `; not moved: ${failed.map((outcome) => `${outcome.alarm} (${outcome.reason ?? 'failed'})`).join(', ')}` : ''}`,
      env: record.env,
      app: record.app,
      roleSession: account.roleSession,
    },
    deps,
    { announce: true },
  );
  return 'moved';
}

/** Posts (or, in `move` mode, moves and announces) one finding; the claim goes back if Slack did not take it. */
async function report(
  record: SilentAlarmRecord,
  mode: 'ask' | 'move',
  channel: string,
  account: FleetAccount & { roleSession: string },
  deps: WorkerDeps,
): Promise<void> {
  const automatic = mode === 'move' && withLiveGroup(record);
  let message: { channel: string; ts: string };
  try {
    message = await show(
      record,
      automatic ? { kind: 'moving', by: SYSTEM_ACTOR.id } : { kind: 'found' },
      channel,
      deps,
    );
  } catch (error) {
    await deps.store.silentAlarms.release(record.env, record.group);
    throw error;
  }
  if (automatic)
    await moveFinding(
      { ...record, liveGroup: record.liveGroup, message },
      { by: SYSTEM_ACTOR.id, job: AUTOMATIC_MOVE, automatic: true },
      account,
      deps,
    );
}

/** How often the configuration note below is repeated while the configuration still names the group. */
const CONFIG_NOTE_EVERY_MS = 7 * 24 * 3_600_000;

/**
 * Configuration validation that needs AWS: a configured group name for a deployment group that CodeDeploy replaces at
 * every blue/green deployment is wrong after the next one. blueshift reads the live group anyway; the audit channel
 * hears it once a week until the key is removed.
 */
async function flagConfiguredGroup(
  app: string,
  env: string,
  deploymentGroup: string,
  configured: string | undefined,
  deps: WorkerDeps,
): Promise<void> {
  if (
    configured === undefined ||
    !(await deps.store.silentAlarms.claimCheck(env, `config#${app}`, deps.now(), CONFIG_NOTE_EVERY_MS))
  )
    return;
  const detail =
    `configuration: apps.${app}.autoScalingGroups.${env} names \`${configured}\`, but deployment group ${deploymentGroup} copies its Auto Scaling group at every blue/green deployment, ` +
    'so that name is wrong after the next one. blueshift follows the deployment group; remove the key.';
  await audit(
    { at: deps.now(), user: SYSTEM_ACTOR.id, command: 'check the configuration', decision: 'failed', detail, app, env },
    deps,
    { announce: true },
  );
}

/**
 * Finds the alarms of an app in an environment that watch a group a blue/green deployment replaced, and reports
 * each finding once in the environment's channel (repeated sweeps and redelivered events find it claimed). An
 * automatic move a crash left half done is carried on by the next look. Returns how many findings it reported.
 */
export async function reportSilentAlarms(app: string, env: string, deps: WorkerDeps): Promise<number> {
  const config = await deps.config();
  const appConfig = config.apps[app];
  const envConfig = config.environments[env];
  const deploymentGroup = appConfig?.codedeploy.groups[env];
  if (!appConfig || !envConfig || deploymentGroup === undefined) return 0;
  const { target: account } = await deps.account(env, SYSTEM_ACTOR);
  const served = await deps.store.silentAlarms.servedBefore(env, deploymentGroup);
  const { fleet, findings } = await checkSilentAlarms(
    {
      application: appConfig.codedeploy.application,
      deploymentGroup,
      alarmPrefix: appConfig.alarmPrefix,
      owns: ownsFor(config, appConfig, env, served),
    },
    account,
  );
  await deps.store.silentAlarms.rememberServing(env, deploymentGroup, fleet.serving, deps.now());
  await flagConfiguredGroup(
    app,
    env,
    deploymentGroup,
    fleet.replacedOnDeploy ? appConfig.autoScalingGroups[env] : undefined,
    deps,
  );
  let reported = 0;
  for (const finding of findings) {
    const record: SilentAlarmRecord = { env, app, ...finding, foundAt: deps.now() };
    if (await deps.store.silentAlarms.claim(record, FINDING_LEASE_MS)) {
      await report(record, envConfig.silentAlarms, envConfig.channel, account, deps);
      reported += 1;
      continue;
    }
    const earlier = await deps.store.silentAlarms.get(env, finding.group);
    if (
      earlier?.message &&
      withLiveGroup(earlier) &&
      earlier.move?.by === SYSTEM_ACTOR.id &&
      !earlier.move.finishedAt
    ) {
      await moveFinding(
        { ...earlier, liveGroup: earlier.liveGroup, message: earlier.message },
        { by: SYSTEM_ACTOR.id, job: AUTOMATIC_MOVE, automatic: true },
        account,
        deps,
      );
    }
  }
  return reported;
}
