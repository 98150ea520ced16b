import type { ContextBlock } from '@slack/types';
import { creatorWords, type TextPart } from '../../../commands/deploy/origin';
import type { OriginView } from '../../../commands/deploy/progress-view';
import { escape, linkTo } from './kit';

const partText = (part: TextPart): string => (part.kind === 'link' ? linkTo(part.url, part.label) : escape(part.text));

/** `Started outside Slack by CodeDeploy's automatic rollback (creator `codeDeployRollback`)`. */
export function startedOutside(origin: OriginView): string {
  const words = creatorWords(origin.creator);
  const raw = origin.creator === undefined ? undefined : `\`${escape(origin.creator)}\``;
  if (words && raw) return `Started outside Slack by ${escape(words)} (creator ${raw})`;
  if (raw) return `Started outside Slack (creator ${raw})`;
  return 'Started outside Slack (CodeDeploy did not say by whom)';
}

/**
 * The description as its author wrote it, escaped, in an element Slack does not pre-process (`verbatim`): no mention,
 * broadcast, channel name or bare URL in it goes live; only URLs on the configured CI hosts are links.
 * https://api.slack.com/reference/block-kit/composition-objects#text (verbatim)
 */
export function originBlock(origin: OriginView): ContextBlock | undefined {
  const description = origin.description.map(partText).join('').trim();
  const lines = [
    ...(description ? [`📝 ${description}`] : []),
    ...(origin.commitUrl ? [linkTo(origin.commitUrl, 'the commit')] : []),
  ];
  if (!lines.length) return undefined;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: lines.join(' · '), verbatim: true }] };
}
