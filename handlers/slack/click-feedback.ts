import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt/dist/types';
import { MARKED_CLICKS, mayMark } from '../../commands/click-feedback';
import type { Directory } from '../../commands/access';
import type { BlueshiftConfig } from '../../lib/config/schema';
import { logger } from '../../lib/log';
import { baseAction } from '../../lib/slack/blocks/buttons';
import { buttonLabel, clickTakenNote, markedMessage } from '../../lib/slack/blocks/click-feedback';
import type { SlackMessage } from '../../lib/slack/blocks/kit';

export interface ClickFeedback {
  /** The message as Slack sent it, when the click marked it: what comes back if the job cannot be queued. */
  original?: SlackMessage;
}

interface FeedbackDeps {
  config(): Promise<BlueshiftConfig>;
  directory: Directory;
}

/**
 * How long the slack function waits for the click's mark before it queues the click anyway: Bolt on Lambda answers
 * Slack only when the listener returns, within Slack's 3 seconds, and the click itself matters more than its mark.
 */
export const CLICK_MARK_BUDGET_MS = 1_000;

/**
 * What a click shows before the worker runs it, through the click's response_url (one of its 5 uses):
 * - a button whose permission the configuration decides (commands/click-feedback.ts), pressed by someone allowed on
 *   a channel message: the message marked for everyone, "⏳ Reroute traffic requested by @bob…", the buttons it
 *   settles gone;
 * - any other click (one the clicker may not make; one on an ephemeral message, which Slack sends no blocks of, so
 *   there is nothing to mark it from): "⏳ …: working on it…" to the clicker alone.
 * A failure here is logged: the click is still queued and the worker still answers. So is a mark or note not done
 * within `budgetMs`: it is abandoned (one not yet sent is never sent) and the click queued without waiting; a mark
 * already sent counts as made, so the worker puts the message back if it refuses (docs/decisions/0029-lean-bundles.md).
 */
export async function showClick(
  body: BlockAction,
  action: ButtonAction,
  channel: string | undefined,
  respond: RespondFn,
  deps: FeedbackDeps,
  budgetMs = CLICK_MARK_BUDGET_MS,
): Promise<ClickFeedback> {
  const progress: { abandoned: boolean; sent: ClickFeedback } = { abandoned: false, sent: {} };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  const shown = await Promise.race([markOrNote(body, action, channel, respond, deps, progress), late]);
  clearTimeout(timer);
  if (shown !== 'late') return shown;
  progress.abandoned = true;
  logger.warn('Slack did not take the click mark in time; the click is queued without waiting for it', {
    budgetMs,
    markSent: Boolean(progress.sent.original),
  });
  return progress.sent;
}

async function markOrNote(
  body: BlockAction,
  action: ButtonAction,
  channel: string | undefined,
  respond: RespondFn,
  deps: FeedbackDeps,
  progress: { readonly abandoned: boolean; sent: ClickFeedback },
): Promise<ClickFeedback> {
  try {
    const rule = MARKED_CLICKS[baseAction(action.action_id)];
    const message = body.message as { text?: string; blocks?: unknown[] } | undefined;
    // The label as the message shows it; else as the click names it (a forged payload may carry none: the id then).
    const sent = (action.text as { text?: unknown } | undefined)?.text;
    const label =
      (message && buttonLabel(message, baseAction(action.action_id), action.value)) ??
      (typeof sent === 'string' && sent ? sent : '');
    const click = { label: label || baseAction(action.action_id), user: body.user.id };
    const marks =
      message && rule && channel && (await mayMark(rule, click.user, channel, await deps.config(), deps.directory));
    // Too late: the click is queued, and a mark sent now could land on the worker's answer.
    if (progress.abandoned) return {};
    if (marks) {
      progress.sent = {
        original: { text: message.text ?? '', blocks: (message.blocks ?? []) as SlackMessage['blocks'] },
      };
      await respond({
        replace_original: true,
        ...markedMessage(message, baseAction(action.action_id), click, rule.settles),
      });
      return progress.sent;
    }
    await respond({ response_type: 'ephemeral', replace_original: false, ...clickTakenNote(click.label) });
  } catch (error) {
    logger.warn('could not show the click before queueing it', { error });
  }
  return {};
}
