import type { BlueshiftConfig } from '../lib/config/schema';
import { isAmong, servedChannels, type Directory } from './access';

/**
 * Which button clicks the slack function may mark on their message at once ("⏳ Reroute traffic requested by
 * @bob…"), before the worker has done anything, and which buttons the mark takes away because a second click would
 * be wrong. Only clicks whose permission the slack function can decide from the configuration and the channel are
 * marked: the worker decides again on the record, and puts the message back when it refuses
 * (handlers/jobs/run-action.ts). Every other click gets a note only its clicker sees.
 */
type Audience =
  /** Anyone in a channel blueshift serves (Acknowledge). */
  | 'served-channel'
  /** The operators and approvers of the channel's environments (Stop & roll back, Snooze). */
  | 'operators-or-approvers'
  /** As above, but approvers alone on a protected environment (Reroute, Terminate blue). */
  | 'approvers-on-protected';

export interface MarkRule {
  audience: Audience;
  /** The buttons the click makes wrong to press again (the clicked one among them). */
  settles: readonly string[];
}

/** In step with the worker's own checks: handlers/deploy/buttons.ts, handlers/alarms/buttons.ts, snooze-action.ts. */
export const MARKED_CLICKS: Readonly<Record<string, MarkRule>> = {
  'deployment.reroute': { audience: 'approvers-on-protected', settles: ['deployment.reroute'] },
  'deployment.terminate-blue': { audience: 'approvers-on-protected', settles: ['deployment.terminate-blue'] },
  'deployment.stop': {
    audience: 'operators-or-approvers',
    settles: ['deployment.stop', 'deployment.reroute', 'deployment.terminate-blue'],
  },
  'alarm.ack': { audience: 'served-channel', settles: ['alarm.ack'] },
  'alarm.snooze-1h': { audience: 'operators-or-approvers', settles: ['alarm.snooze-1h', 'alarm.snooze-4h'] },
  'alarm.snooze-4h': { audience: 'operators-or-approvers', settles: ['alarm.snooze-1h', 'alarm.snooze-4h'] },
};

/**
 * Whether `user` may press a marked button in `channel`: a channel served by no environment, or one of whose
 * environments would refuse them, gets no mark (the worker's answer comes as before).
 */
export async function mayMark(
  rule: MarkRule,
  user: string,
  channel: string,
  config: BlueshiftConfig,
  directory: Directory,
): Promise<boolean> {
  if (rule.audience === 'served-channel') return servedChannels(config).includes(channel);
  const environments = Object.values(config.environments).filter((env) => env.channel === channel);
  if (!environments.length) return false;
  const allowed = await Promise.all(
    environments.map((env) => {
      const { operators, approvers } = env.access;
      const who =
        rule.audience === 'approvers-on-protected' && env.protected ? approvers : [...operators, ...approvers];
      return isAmong(user, who, directory);
    }),
  );
  return allowed.every(Boolean);
}
