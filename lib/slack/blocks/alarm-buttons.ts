import type { ActionsBlock } from '@slack/types';
import { actions, type ButtonSpec } from './buttons';

/** What the buttons of an alarm message depend on. */
export interface AlarmButtonsView {
  /** The episode key (`<account>:<region>:<alarm name>`): every button carries it. */
  key: string;
  open: boolean;
  acknowledgedBy?: string;
  /** The label of Roll back, offered for a deployment the alarm may be about (lib/slack/blocks/alarm-deploy.ts). */
  rollback?: string;
}

export const ALARM_ACTIONS = {
  ack: 'alarm.ack',
  snooze1h: 'alarm.snooze-1h',
  snooze4h: 'alarm.snooze-4h',
  status: 'alarm.status',
  rollback: 'alarm.rollback',
} as const;

function snooze(key: string, hours: 1 | 4): ButtonSpec {
  return {
    action: hours === 1 ? ALARM_ACTIONS.snooze1h : ALARM_ACTIONS.snooze4h,
    text: `Snooze ${hours}h`,
    value: key,
    confirm: {
      title: `Snooze for ${hours} hour${hours === 1 ? '' : 's'}?`,
      text: `The alarm's actions (notifications, scaling) are turned off for ${hours} h, then back on by themselves. The alarm itself keeps evaluating, and this message keeps updating.`,
      confirm: `Snooze ${hours}h`,
    },
  };
}

/**
 * The buttons of an open episode: Acknowledge until someone has, Snooze 1h / 4h (a later click replaces the
 * snooze), Status, and Roll back when a deployment may have caused it. A resolved episode has none: there is
 * nothing left to act on.
 */
export function alarmButtons(view: AlarmButtonsView): ActionsBlock | undefined {
  if (!view.open) return undefined;
  const buttons: ButtonSpec[] = [];
  if (!view.acknowledgedBy)
    buttons.push({ action: ALARM_ACTIONS.ack, text: 'Acknowledge', value: view.key, style: 'primary' });
  buttons.push(snooze(view.key, 1), snooze(view.key, 4));
  buttons.push({ action: ALARM_ACTIONS.status, text: 'Status', value: view.key });
  // `/rollback <app> <env>` as the clicker: its preview, then the confirmation and approval any rollback needs.
  if (view.rollback)
    buttons.push({ action: ALARM_ACTIONS.rollback, text: view.rollback, value: view.key, style: 'danger' });
  // A fixed block_id: one row per message, and an alarm name alone may take all of block_id's 255 characters.
  return actions('alarm-actions', buttons);
}
