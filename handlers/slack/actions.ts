import type App from '@slack/bolt/dist/App';
import type { BlockAction, ButtonAction } from '@slack/bolt/dist/types';
import { logger } from '../../lib/log';
import type { JobQueue } from '../../commands/job';

export interface ActionListenerDeps {
  queue: JobQueue;
  now(): Date;
}

/** Buttons blueshift renders; their action_ids start with what they act on. */
export const ACTION_ID = /^(request|deployment|alarm)\./;

/**
 * A button click is queued as it is: the worker re-reads what it acts on and authorises the clicker against
 * the configuration and state it has, so this stays within Slack's 3 seconds.
 */
export function register(app: App, deps: ActionListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_ID, async ({ ack, body, action, respond }) => {
    await ack();
    const channel = body.channel?.id ?? body.container.channel_id as string | undefined;
    logger.appendKeys({ user: body.user.id, channel, action: action.action_id });
    try {
      if (!channel) throw new Error('the click came from outside a channel');
      await deps.queue.send({
        kind: 'action', id: `act-${body.user.id}-${action.action_ts}`.replace(/[^\w.-]/g, '_'),
        action: action.action_id, value: action.value ?? '', actor: { id: body.user.id, name: body.user.name ?? body.user.id },
        channel, messageTs: body.message?.ts, responseUrl: body.response_url, requestedAt: deps.now().toISOString(),
      });
    } catch (error) {
      logger.error('button click could not be queued', { error });
      await respond({ response_type: 'ephemeral', replace_original: false, text: ':x: blueshift could not take that click (nothing was changed). Try again in a minute.' });
    }
  });
}
