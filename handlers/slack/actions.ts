import type App from '@slack/bolt/dist/App';
import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt/dist/types';
import { logger } from '../../lib/log';
import type { JobQueue } from '../../commands/job';
import type { Directory } from '../../commands/access';
import type { BlueshiftConfig } from '../../lib/config/schema';
import { baseAction } from '../../lib/slack/blocks/buttons';
import { showClick, type ClickFeedback } from './click-feedback';

export interface ActionListenerDeps {
  config(): Promise<BlueshiftConfig>;
  directory: Directory;
  queue: JobQueue;
  now(): Date;
}

/**
 * The buttons blueshift renders, by action_id (the worker's handlers in handlers/jobs/run-action.ts; a test keeps
 * the two lists equal). A click on anything else was not a button of ours: it is acked and not queued.
 */
export const BUTTON_ACTIONS = [
  'request.confirm',
  'request.cancel',
  'request.approve',
  'request.reject',
  'deployment.reroute',
  'deployment.terminate-blue',
  'deployment.stop',
  'alarm.ack',
  'alarm.snooze-1h',
  'alarm.snooze-4h',
  'alarm.status',
  'alarm.rollback',
  'fleet.move-alarms',
  'watch.waf-exempt',
  'lock.takeover',
  'processes.ask',
  'credits.unlimited',
  'credits.standard',
  'credits.bigger',
  'credits.bigger-to',
  'runbook.run',
] as const;

// A repeated button in one block carries `#<n>` (lib/slack/blocks/buttons.ts): the same action.
export const ACTION_ID = new RegExp(
  `^(?:${BUTTON_ACTIONS.map((id) => id.replace(/[.-]/g, '\\$&')).join('|')})(?:#\\d{1,2})?$`,
);

interface ButtonLike {
  type?: unknown;
  action_id?: unknown;
  value?: unknown;
}

/**
 * Whether the message Slack sent with the click holds the clicked button, value and all. Slack sends the message
 * of a channel click (an ephemeral one it does not): a click whose button is not there was not made on it.
 */
function heldByItsMessage(body: BlockAction, action: ButtonAction): boolean {
  if (!body.message) return true; // an ephemeral message: the worker checks the click against what it records
  const blocks = Array.isArray(body.message.blocks)
    ? (body.message.blocks as { elements?: unknown; accessory?: unknown }[])
    : [];
  const elements = blocks.flatMap((block) => [
    ...(Array.isArray(block.elements) ? (block.elements as ButtonLike[]) : []),
    ...(block.accessory ? [block.accessory as ButtonLike] : []),
  ]);
  return elements.some(
    (element) =>
      element.type === 'button' &&
      element.action_id === action.action_id &&
      (element.value ?? '') === (action.value ?? ''),
  );
}

/** The thread a clicked reply is in (Slack sends the message's `thread_ts`); undefined for a top-level message. */
function threadOf(body: BlockAction): string | undefined {
  const thread: unknown = body.message?.thread_ts;
  return typeof thread === 'string' && thread !== body.message?.ts ? thread.slice(0, 32) : undefined;
}

/** The click's message as it was, when it had been marked and the job could not be queued: the buttons come back. */
async function unmark(feedback: ClickFeedback, respond: RespondFn): Promise<void> {
  if (!feedback.original) return;
  await respond({ replace_original: true, ...feedback.original }).catch((error: unknown) =>
    logger.warn('could not put the clicked message back', { error }),
  );
}

/**
 * A button click is shown at once (handlers/slack/click-feedback.ts), then queued as it is: the worker re-reads
 * what it acts on and authorises the clicker against the configuration and state it has. The mark lands before the
 * job is queued, so the worker's answer, which replaces it, cannot be overtaken by it, unless Slack takes more than
 * CLICK_MARK_BUDGET_MS to take it: the click is queued then anyway. All within Slack's 3 seconds.
 */
export function register(app: App, deps: ActionListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_ID, async ({ ack, body, action, respond }) => {
    await ack();
    const channel = body.channel?.id ?? (body.container.channel_id as string | undefined);
    logger.appendKeys({ user: body.user.id, channel, action: baseAction(action.action_id) });
    if (!action.value) {
      logger.warn('a click names nothing (no value); not queued: every blueshift button names what it acts on');
      return;
    }
    if (!heldByItsMessage(body, action)) {
      logger.warn('a click names a button its message does not hold; not queued', {
        messageTs: body.message?.ts,
        value: action.value.slice(0, 100),
      });
      return;
    }
    const feedback = await showClick(body, action, channel, respond, deps);
    try {
      if (!channel) throw new Error('the click came from outside a channel');
      await deps.queue.send({
        kind: 'action',
        id: `act-${body.user.id}-${action.action_ts}`.replace(/[^\w.-]/g, '_'),
        action: baseAction(action.action_id),
        value: action.value ?? '',
        actor: { id: body.user.id, name: (body.user.name ?? body.user.id).slice(0, 255) },
        channel,
        messageTs: body.message?.ts,
        ...(threadOf(body) ? { threadTs: threadOf(body) } : {}),
        responseUrl: body.response_url,
        requestedAt: deps.now().toISOString(),
        ...(feedback.original ? { marked: feedback.original } : {}),
      });
    } catch (error) {
      logger.error('button click could not be queued', { error });
      await unmark(feedback, respond);
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: ':x: blueshift could not take that click (nothing was changed). Try again in a minute.',
      });
    }
  });
}
