import type { ActionsBlock, Button } from '@slack/types';
import type { CreditMode } from '../../../commands/alarms/throttling';
import { costRule } from '../../../commands/credits/plan';
import { fleetRefValue, type FleetRef } from '../../../commands/processes/fleet-ref';
import { actions, button, type ButtonSpec } from './buttons';

/** The buttons that act on a diagnosis of CPU credits (decisions 0026): their action_ids are public contract. */
export const CREDIT_ACTIONS = {
  processes: 'processes.ask',
  unlimited: 'credits.unlimited',
  standard: 'credits.standard',
  /** "Move to a bigger type": offers the larger types of the group's family, in the thread. */
  bigger: 'credits.bigger',
  /** One offered type (`<app>:<env>:<type>`): its preview, then the gate where the timing is chosen. */
  biggerTo: 'credits.bigger-to',
} as const;

/** "Switch to unlimited credits" / "Switch back to standard credits", with the cost rule in its confirm dialog. */
export function modeButton(ref: FleetRef, mode: CreditMode): ButtonSpec {
  const unlimited = mode === 'unlimited';
  return {
    action: unlimited ? CREDIT_ACTIONS.unlimited : CREDIT_ACTIONS.standard,
    text: unlimited ? 'Switch to unlimited credits' : 'Switch back to standard credits',
    value: fleetRefValue(ref),
    confirm: {
      title: unlimited ? 'Switch to unlimited credits?' : 'Switch back to standard?',
      text: costRule(mode),
      confirm: 'Switch',
    },
  };
}

/** "Move to a bigger type": the worker answers with the larger types of the group's own family. */
export function biggerButton(ref: FleetRef): ButtonSpec {
  return { action: CREDIT_ACTIONS.bigger, text: 'Move to a bigger type', value: fleetRefValue(ref) };
}

/**
 * The row under a CPU-credit diagnosis (an alarm message, a credit warning): what is using the CPU, and lifting the
 * throttle. Every button carries only the app and environment; the worker reads the group from AWS.
 */
export function creditActions(ref: FleetRef): ActionsBlock {
  const value = fleetRefValue(ref);
  const buttons: ButtonSpec[] = [
    { action: CREDIT_ACTIONS.processes, text: 'What is using the CPU', value },
    modeButton(ref, 'unlimited'),
    biggerButton(ref),
  ];
  // Its own block_id: the alarm's own row (`alarm-actions`) stays as it is.
  return actions(`credit-actions-${ref.env}-${ref.app}`.slice(0, 255), buttons);
}

/** "What is using the CPU" alone: the accessory of a /status fleet line, where a row of its own would cost room. */
export function processesButton(ref: FleetRef): Button {
  return button({ action: CREDIT_ACTIONS.processes, text: 'What is using the CPU', value: fleetRefValue(ref) });
}
