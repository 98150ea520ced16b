import type { KnownBlock } from '@slack/types';
import { baseAction } from './buttons';
import { context, escape, type SlackMessage } from './kit';

/**
 * What a button click shows at once, built from the message Slack sent with the click (its own blocks, as they
 * are), before the worker has done anything; the worker's answer replaces it.
 */

interface Element {
  type?: unknown;
  action_id?: unknown;
}

interface Block {
  type?: unknown;
  elements?: unknown;
  accessory?: unknown;
}

export interface Click {
  /** The clicked button's label, as Slack sent it. */
  label: string;
  user: string;
}

const pending = ({ label, user }: Click): string =>
  `:hourglass_flowing_sand: ${escape(label)} requested by <@${user}>…`;

/** The note's block_id: what tells a click's feedback from the worker's answer (the tests count answers). */
export const FEEDBACK_BLOCK_ID = 'blueshift-click-feedback';

const feedbackNote = (text: string): KnownBlock => ({ ...context(text), block_id: FEEDBACK_BLOCK_ID });

/** Whether a message (as sent to Slack) is a click's feedback rather than an answer. */
export function isClickFeedback(message: { blocks?: unknown }): boolean {
  return (
    Array.isArray(message.blocks) &&
    message.blocks.some((block) => (block as { block_id?: unknown } | null)?.block_id === FEEDBACK_BLOCK_ID)
  );
}

const settled = (element: unknown, settles: readonly string[]): boolean =>
  typeof element === 'object' &&
  element !== null &&
  (element as Element).type === 'button' &&
  settles.includes(baseAction(String((element as Element).action_id)));

/** The block with the settled buttons taken out, and whether it held the clicked one. */
function withoutSettled(block: Block, settles: readonly string[], clicked: string): { kept: Block[]; held: boolean } {
  if (block.type === 'actions' && Array.isArray(block.elements)) {
    const held = block.elements.some((element) => settled(element, [clicked]));
    const left = block.elements.filter((element) => !settled(element, settles));
    return { kept: left.length ? [{ ...block, elements: left }] : [], held };
  }
  if (settled(block.accessory, settles)) {
    return { kept: [{ ...block, accessory: undefined }], held: settled(block.accessory, [clicked]) };
  }
  return { kept: [block], held: false };
}

/**
 * The clicked message marked: the buttons a second click would be wrong on are gone, and "⏳ <label> requested by
 * @user…" follows the block that held the clicked one (the first, should two). Everything else is the message as
 * Slack sent it.
 */
export function markedMessage(
  message: { text?: string; blocks?: unknown[] },
  clicked: string,
  click: Click,
  settles: readonly string[],
): SlackMessage {
  let noted = false;
  const blocks = ((message.blocks ?? []) as Block[]).flatMap((block) => {
    const { kept, held } = withoutSettled(block, settles, clicked);
    if (!held || noted) return kept;
    noted = true;
    return [...kept, feedbackNote(pending(click))];
  });
  return { text: message.text ?? pending(click), blocks: blocks as KnownBlock[] };
}

/**
 * The label of the clicked button as its message shows it, when the message holds it: the one with the clicked value
 * when buttons share the action (a request's choices), else the first.
 */
export function buttonLabel(message: { blocks?: unknown[] }, clicked: string, value?: string): string | undefined {
  let first: string | undefined;
  for (const block of (message.blocks ?? []) as Block[]) {
    const candidates = [...(Array.isArray(block.elements) ? (block.elements as unknown[]) : []), block.accessory];
    for (const element of candidates) {
      if (!settled(element, [clicked])) continue;
      const { text, value: own } = element as { text?: { text?: unknown }; value?: unknown };
      if (typeof text?.text !== 'string' || !text.text) continue;
      if (value !== undefined && own === value) return text.text;
      first ??= text.text;
    }
  }
  return first;
}

/** For clicks whose message is not marked: a note to the clicker alone that the click was taken. */
export function clickTakenNote(label: string): SlackMessage {
  const text = `:hourglass_flowing_sand: ${escape(label)}: working on it…`;
  return { text, blocks: [feedbackNote(text)] };
}
