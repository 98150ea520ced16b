import type { DeployLock } from '../../../commands/ports';
import { actions } from './buttons';
import { actor, ago, context, escape, section, slackDate, type SlackMessage } from './kit';

export const TAKE_OVER_ACTION = 'lock.takeover';

/** What a take-over button names: the lock as it was shown, so a lock taken again since is not taken over. */
export function takeOverValue(lock: DeployLock): string {
  return `${lock.app} ${lock.env} ${lock.since.getTime()}`;
}

export function parseTakeOverValue(value: string): { app: string; env: string; since: number } | undefined {
  const match = /^([a-z0-9][a-z0-9_-]{0,31}) ([a-z0-9][a-z0-9_-]{0,31}) (\d{1,15})$/.exec(value);
  return match ? { app: match[1] ?? '', env: match[2] ?? '', since: Number(match[3]) } : undefined;
}

/** `<@U0ALICE> since 3h ago, until <date>: reason` — who holds a lock, since and until when, and why. */
export function lockHolder(lock: DeployLock, now: Date): string {
  const until = lock.until ? `, until ${slackDate(lock.until)}` : '';
  return `${actor(lock.owner)} since ${ago(lock.since, now)}${until}${lock.reason ? `: ${escape(lock.reason)}` : ''}`;
}

/** `/deploy lock` on a lock someone else holds: who, since and until when, and a button to ask an approver for it. */
export function heldLockMessage(lock: DeployLock, now: Date): SlackMessage {
  const text = `\`${lock.app} ${lock.env}\` is already locked by ${lockHolder(lock, now)}.`;
  return {
    text: `${lock.app} ${lock.env} is already locked`,
    blocks: [
      section(`:lock: ${text}`),
      actions(`lock-${lock.app}-${lock.env}`, [
        { action: TAKE_OVER_ACTION, text: 'Request take-over', value: takeOverValue(lock) },
      ]),
      context('A take-over is asked in the channel; an approver of the environment grants it.'),
    ],
  };
}

/** Said in the channel once an approver granted a take-over: both holders are named, so both hear it. */
export function takenOverMessage(lock: DeployLock, from: string, approvedBy: string | undefined): SlackMessage {
  const by = approvedBy ? ` (approved by ${actor(approvedBy)})` : '';
  const text = `:lock: ${actor(lock.owner)} took over the lock on \`${lock.app} ${lock.env}\` from ${actor(from)}${by}.`;
  return { text, blocks: [section(text)] };
}

/** The sweeper lifted a lock whose time was up. */
export function lockExpiredMessage(lock: DeployLock): SlackMessage {
  const text = `:unlock: \`${lock.app} ${lock.env}\`'s lock by ${actor(lock.owner)} expired${lock.reason ? ` (${escape(lock.reason)})` : ''}. Deploys are open again.`;
  return { text, blocks: [section(text)] };
}
