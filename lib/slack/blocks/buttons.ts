import type { ActionsBlock, Button } from '@slack/types';
import { clip } from './kit';

export interface ButtonSpec {
  /** `request.approve`, `deployment.reroute`…: the worker routes clicks by this. */
  action: string;
  text: string;
  /** The id the click acts on. */
  value: string;
  style?: 'primary' | 'danger';
  /** A confirm dialog for buttons whose effect is hard to undo. */
  confirm?: { title: string; text: string; confirm: string };
}

export function button(spec: ButtonSpec): Button {
  const element: Button = {
    type: 'button',
    action_id: spec.action,
    text: { type: 'plain_text', text: clip(spec.text, 75), emoji: true },
    value: spec.value,
  };
  if (spec.style) element.style = spec.style;
  if (spec.confirm) {
    element.confirm = {
      title: { type: 'plain_text', text: clip(spec.confirm.title, 100) },
      text: { type: 'mrkdwn', text: clip(spec.confirm.text, 300) },
      confirm: { type: 'plain_text', text: clip(spec.confirm.confirm, 30) },
      deny: { type: 'plain_text', text: 'Cancel' },
    };
  }
  return element;
}

/**
 * Slack refuses a message whose block holds two elements with one action_id (`invalid_blocks`), and a request's
 * choices, or a row of offered types, are one action each. The first keeps the action as it is; a repeat gets
 * `#<n>`, which the slack function strips before routing (`baseAction`).
 */
const REPEAT_SUFFIX = /#\d{1,2}$/;

/** The action a button routes to, without the suffix that keeps a repeated one unique in its block. */
export const baseAction = (actionId: string): string => actionId.replace(REPEAT_SUFFIX, '');

/** One row of buttons; `blockId` keeps rows apart when a message has several. */
export function actions(blockId: string, buttons: ButtonSpec[]): ActionsBlock {
  const seen = new Map<string, number>();
  const unique = (spec: ButtonSpec): ButtonSpec => {
    const repeats = seen.get(spec.action) ?? 0;
    seen.set(spec.action, repeats + 1);
    return repeats ? { ...spec, action: `${spec.action}#${repeats}` } : spec;
  };
  return { type: 'actions', block_id: blockId, elements: buttons.slice(0, 25).map(unique).map(button) };
}
