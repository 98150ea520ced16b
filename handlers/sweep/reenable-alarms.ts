import { threadOf, type AlarmSnooze } from '../../commands/alarms/episodes';
import { logger } from '../../lib/log';
import { alarmReenabledReply } from '../../lib/slack/blocks/alarm-replies';
import { showEpisode } from '../alarms/episode-message';
import { SYSTEM_ACTOR, type EnvironmentAccount, type WorkerDeps } from '../jobs/deps';
import { audit } from '../jobs/audit';

type Account = EnvironmentAccount;

const commandFor = (snooze: AlarmSnooze) => `re-enable alarm actions ${snooze.alarmName}`;

/** The snooze's environment as the bot itself: the snooze's end is nobody's click. */
async function accountFor(snooze: AlarmSnooze, deps: WorkerDeps): Promise<Account> {
  return (await deps.account(snooze.env, SYSTEM_ACTOR)).target;
}

/** Told once per snooze in the audit channel; the item stays due, so the next minute's sweep tries again. */
async function reportFailure(snooze: AlarmSnooze, error: unknown, deps: WorkerDeps): Promise<void> {
  const reason = deps.describeError(error);
  logger.error('could not re-enable alarm actions; retrying next minute', { error, alarm: snooze.alarmName });
  if (!(await deps.store.alarmSnoozes.markFailureAnnounced(snooze.key, snooze.until))) return;
  const detail = `failed after the ${snooze.hours}h snooze: ${reason}. blueshift retries every minute; until then the alarm notifies nobody.`;
  await audit(
    { at: deps.now(), user: snooze.by, command: commandFor(snooze), decision: 'failed', detail, env: snooze.env },
    deps,
    { announce: true },
  );
}

/**
 * The alarm was snoozed again while this sweep enabled its actions: that newer snooze wants them off, and
 * DisableAlarmActions is idempotent, so saying it again is always right.
 */
async function honourNewerSnooze(snooze: AlarmSnooze, account: Account, deps: WorkerDeps): Promise<void> {
  const now = await deps.store.alarmSnoozes.get(snooze.key);
  if (now && !now.reenabledAt && now.until.getTime() !== snooze.until.getTime())
    await account.alarmActions.disable(snooze.alarmName);
}

/** The message stops saying "snoozed", its thread hears the actions are back, and the audit channel too. */
async function tell(snooze: AlarmSnooze, roleSession: string, deps: WorkerDeps): Promise<void> {
  const episode = await deps.store.alarmEpisodes.get(snooze.key);
  if (episode?.message?.ts === snooze.message.ts && episode.snoozedUntil?.getTime() === snooze.until.getTime()) {
    const shown = await deps.store.alarmEpisodes.showSnooze(episode.key, episode.firstAt, undefined);
    if (shown) await showEpisode(shown, deps);
  }
  await deps.replies.post(snooze.message.channel, alarmReenabledReply(snooze.hours), threadOf(snooze.message));
  const detail = `alarm actions re-enabled after the ${snooze.hours}h snooze`;
  // The thread heard it: an audit that fails must not keep the snooze due, or the next sweep would say it again.
  await audit(
    {
      at: deps.now(),
      user: snooze.by,
      command: commandFor(snooze),
      decision: 'succeeded',
      detail,
      env: snooze.env,
      roleSession,
    },
    deps,
    { announce: true },
  ).catch((error: unknown) => logger.error('could not audit a re-enabled alarm', { alarm: snooze.alarmName, error }));
}

/**
 * One due snooze: EnableAlarmActions (idempotent), claim the snooze as re-enabled, tell Slack, forget it. A
 * claimed snooze whose Slack part failed is still listed, and the next sweep finishes it without AWS.
 */
async function reenable(snooze: AlarmSnooze, deps: WorkerDeps): Promise<boolean> {
  let account: Account;
  try {
    account = await accountFor(snooze, deps);
    if (!snooze.reenabledAt) await account.alarmActions.enable(snooze.alarmName);
  } catch (error) {
    await reportFailure(snooze, error, deps);
    return false;
  }
  if (!snooze.reenabledAt && !(await deps.store.alarmSnoozes.markReenabled(snooze.key, snooze.until, deps.now()))) {
    await honourNewerSnooze(snooze, account, deps);
    return false;
  }
  // Told once: a snooze whose forgetting failed is listed again, and the next sweep only forgets it.
  if (await deps.store.alarmSnoozes.markTold(snooze.key, snooze.until)) {
    await tell(snooze, account.roleSession, deps).catch(async (error: unknown) => {
      await deps.store.alarmSnoozes.releaseTold(snooze.key, snooze.until);
      throw error;
    });
  }
  await deps.store.alarmSnoozes.remove(snooze.key, snooze.until);
  return true;
}

/** Sweeper task: turns snoozed alarms' actions back on when their time is up; returns how many it did. */
export async function reenableSnoozedAlarms(deps: WorkerDeps): Promise<number> {
  const due = await deps.store.alarmSnoozes.listDue(deps.now());
  let done = 0;
  for (const snooze of due) {
    try {
      if (await reenable(snooze, deps)) done += 1;
    } catch (error) {
      // One snooze's trouble (Slack down, say) must not hold up the others; it is still due next minute.
      logger.error('snooze not finished; the next sweep picks it up', { error, alarm: snooze.alarmName });
    }
  }
  return done;
}
