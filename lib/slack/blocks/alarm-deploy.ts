import type { ContextBlock } from '@slack/types';
import type { DeployContext } from '../../../commands/alarms/deploy-context';
import { creatorWords } from '../../../commands/deploy/origin';
import { messageLink } from './deploy-preview';
import { actor, escape } from './kit';

// "web prod got v42 6 min before this alarm, from @alice (d-ABC123)": the deployment an alarm may be about.

function when(context: DeployContext): string {
  return context.minutesBefore < 1 ? 'just before this alarm' : `${context.minutesBefore} min before this alarm`;
}

function who(context: DeployContext): string {
  if (!context.outside) return actor(context.requestedBy);
  const words = creatorWords(context.outside.creator);
  if (words) return escape(words);
  const raw = context.outside.creator;
  return raw === undefined ? 'outside Slack' : `outside Slack (creator \`${escape(raw)}\`)`;
}

function what(context: DeployContext): string {
  const where = `*${escape(context.app)} ${escape(context.env)}*`;
  const revision = `\`${escape(context.revision)}\``;
  if (context.kind === 'rollback') {
    return context.outcome === 'running'
      ? `↩️ ${where} is being rolled back to ${revision} (started ${when(context)}) by ${who(context)}`
      : `↩️ ${where} was rolled back to ${revision} ${when(context)}, by ${who(context)}`;
  }
  switch (context.outcome) {
    case 'running':
      return `🚀 ${where} is getting ${revision} (started ${when(context)}) from ${who(context)}`;
    case 'succeeded':
      return `🚀 ${where} got ${revision} ${when(context)}, from ${who(context)}`;
    case 'failed':
      return `🟥 ${where}: the deployment of ${revision} from ${who(context)} failed ${when(context)}`;
    case 'stopped':
      return `⏹ ${where}: the deployment of ${revision} from ${who(context)} was stopped ${when(context)}`;
  }
}

/** One line under the alarm's summary: the deployment, who asked for it, and its progress message. */
export function deployContextBlock(context: DeployContext): ContextBlock {
  const id = `\`${escape(context.deploymentId)}\``;
  const link = context.message ? ` · <${messageLink(context.message.channel, context.message.ts)}|its progress>` : '';
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `${what(context)} (${id})${link}` }] };
}

/** The Roll back button's label: `Roll back to v41` when the record knows what it replaced. */
export function rollbackLabel(context: DeployContext): string {
  return context.previousRevision ? `Roll back to ${context.previousRevision}` : `Roll back ${context.revision}`;
}
