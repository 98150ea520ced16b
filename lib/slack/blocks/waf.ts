import type { KnownBlock } from '@slack/types';
import type {
  ExemptionAppliedView,
  ExemptionFacts,
  ExemptionListEntry,
  ExemptionPreviewView,
  ExemptionRevertedView,
} from '../../../commands/waf/views';
import { formatDuration } from '../../config/duration';
import { context, escape, header, LIMITS, section, slackDate, type SlackMessage } from './kit';

/** /waf-exempt messages: the preview before applying, the confirmation, the list and the revert notice. */

// WCUs included in a web ACL's base price:
// https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html
const PRICED_WCU = 1_500;
const MAX_DIFF_LINE = 400;
const PERMANENT = 'If it should stay, make it permanent in the infrastructure code.';

/** Inline code for user-typed text: mrkdwn-escaped, and without backticks that would end the code span. */
const code = (text: string) => `\`${escape(text).replace(/`/g, "'")}\``;
const from = (facts: ExemptionFacts) => (facts.cidrs?.length ? facts.cidrs.map(code).join(', ') : 'anywhere');
const number = (n: number) => n.toLocaleString('en-US');

function whatFields(facts: ExemptionFacts, extra: string[] = []): string[] {
  return [
    `*Environment*\n${escape(facts.env)}`,
    `*Rule*\n${code(facts.rule)}`,
    `*Path*\n${code(facts.path)} and below`,
    `*From*\n${from(facts)}`,
    ...extra,
    `*Reason*\n${escape(facts.reason || '(none given)')}`,
  ];
}

/** The diff in a code block, cut at a whole line with a note when it would not fit one section. */
function diffBlocks(lines: string[], title: string): KnownBlock[] {
  const room = LIMITS.sectionText - title.length - 10;
  const shown: string[] = [];
  let used = 0;
  for (const line of lines.map((l) => escape(l.length > MAX_DIFF_LINE ? `${l.slice(0, MAX_DIFF_LINE - 1)}…` : l))) {
    if (used + line.length + 1 > room) break;
    shown.push(line);
    used += line.length + 1;
  }
  const body = shown.length
    ? `\`\`\`${shown.join('\n')}\`\`\``
    : '_No change: the web ACL already has this exemption._';
  const hidden = lines.length - shown.length;
  const note =
    hidden > 0 ? [context(`…and ${hidden} more line${hidden === 1 ? '' : 's'} of the change, not shown.`)] : [];
  return [section(`${title}\n${body}`), ...note];
}

function capacityText({ before, after, limit }: ExemptionPreviewView['capacity']): string {
  const line = `*Capacity:* ${number(before)} → ${number(after)} WCU of ${number(limit)}`;
  if (after > limit) return `${line}\n:no_entry: Over the web ACL's limit: WAF will refuse this change.`;
  if (after > PRICED_WCU && before <= PRICED_WCU)
    return `${line}\n:warning: Goes above ${number(PRICED_WCU)} WCU, which AWS bills extra.`;
  return line;
}

export function exemptionPreview(view: ExemptionPreviewView, actions?: KnownBlock): SlackMessage {
  const duration = formatDuration(view.durationMs);
  const intro = `<@${view.requestedBy}> asks to exempt ${code(view.path)} from *${escape(view.rule)}* in *${escape(view.env)}* for *${duration}*.`;
  const blocks: KnownBlock[] = [
    header(`WAF exemption preview: ${view.env}`),
    section(intro, whatFields(view, [`*For*\n${duration}`])),
    ...diffBlocks(view.diff, `*Change to web ACL ${escape(view.webAclName)}*`),
    section(capacityText(view.capacity)),
    context(
      `:information_source: Web ACL ${escape(view.webAclName)} is owned by infrastructure code: this exemption is temporary drift, and blueshift removes it when it expires. ${PERMANENT}`,
    ),
    ...(actions ? [actions] : []),
  ];
  return {
    text: escape(`WAF exemption preview: ${view.path} from ${view.rule} in ${view.env} for ${duration}`),
    blocks,
  };
}

export function exemptionApplied(view: ExemptionAppliedView): SlackMessage {
  const approved = view.approvedBy ? `, approved by <@${view.approvedBy}>` : '';
  const blocks: KnownBlock[] = [
    section(
      `:white_check_mark: ${code(view.path)} and below is exempt from *${escape(view.rule)}* in *${escape(view.env)}* until ${slackDate(view.expiresAt)}.`,
      whatFields(view, [`*Exemption*\n${code(view.id)}`, `*Requested by*\n<@${view.requestedBy}>${approved}`]),
    ),
    context(
      `:warning: ${PERMANENT} blueshift reverts this exemption in web ACL ${escape(view.webAclName)} when it expires; \`/waf-exempt revoke ${escape(view.id)}\` ends it sooner.`,
    ),
  ];
  return {
    text: escape(
      `WAF exemption ${view.id}: ${view.path} exempt from ${view.rule} in ${view.env} until ${view.expiresAt.toISOString()}`,
    ),
    blocks,
  };
}

function listLine(entry: ExemptionListEntry, now: Date): string {
  const ms = entry.expiresAt.getTime() - now.getTime();
  const left = ms > 0 ? `${formatDuration(ms)} left` : 'expired, being reverted';
  const cidrs = entry.cidrs?.length ? ` from ${from(entry)}` : '';
  return `${code(entry.id)} *${escape(entry.env)}*: ${code(entry.path)}${cidrs} skips *${escape(entry.rule)}*, ${left}, by <@${entry.requestedBy}>\n_${escape(entry.reason || 'no reason given')}_`;
}

export function exemptionList(entries: ExemptionListEntry[], now: Date, env?: string): SlackMessage {
  const title = `Active WAF exemptions${env ? ` in ${env}` : ''}`;
  if (!entries.length)
    return { text: `No ${title.toLowerCase()}`, blocks: [section(`:shield: No ${escape(title.toLowerCase())}.`)] };
  const room = LIMITS.blocks - 1; // after the header; one more goes to the note when some are left out
  const shown = entries.length > room ? entries.slice(0, room - 1) : entries;
  const blocks: KnownBlock[] = [header(title), ...shown.map((entry) => section(listLine(entry, now)))];
  if (shown.length < entries.length) blocks.push(context(`…and ${entries.length - shown.length} more.`));
  return { text: `${title}: ${entries.length}`, blocks };
}

export function exemptionReverted(view: ExemptionRevertedView): SlackMessage {
  const why = view.why === 'expired' ? 'It expired' : `Revoked by <@${view.by ?? view.requestedBy}>`;
  const done = view.removed
    ? `${code(view.path)} is protected by *${escape(view.rule)}* in *${escape(view.env)}* again.`
    : `Nothing of it was left in web ACL ${escape(view.webAclName)} (it had been changed meanwhile), so nothing needed removing.`;
  const blocks: KnownBlock[] = [
    section(`:leftwards_arrow_with_hook: WAF exemption ${code(view.id)} reverted. ${done}`),
    context(`${why}. Requested by <@${view.requestedBy}> for: ${escape(view.reason || 'no reason given')}`),
  ];
  return { text: escape(`WAF exemption ${view.id} reverted: ${view.path} in ${view.env}`), blocks };
}
