import type { ImageBlock, KnownBlock } from '@slack/types';
import { alarmConsoleUrl, type AlarmNotification, type AlarmState } from '../../../commands/alarms/notification';
import { plainReason, watchedMetric } from '../../../commands/alarms/plain-reason';
import { formatNumber } from '../../../commands/alarms/reason';
import { OWN_ALARM_PREFIX, type AlarmRoute } from '../../../commands/alarms/route';
import type { DiagnosisSummary } from '../../../commands/alarms/episodes';
import type { DeployContext } from '../../../commands/alarms/deploy-context';
import { deployContextBlock } from './alarm-deploy';
import { formatDuration } from '../../config/duration';
import { clip, context, divider, escape, header, section, slackDate, type SlackMessage } from './kit';
import { throttlingBlocks } from './throttling';

/** One alarm episode: from the first ALARM until it is OK again, however often CloudWatch repeats itself. */
export interface AlarmEpisode {
  count: number;
  firstAt: Date;
  lastAt: Date;
  resolvedAt?: Date;
  acknowledgedBy?: string;
  snoozedUntil?: Date;
}

export interface AlarmView {
  notification: AlarmNotification;
  route: AlarmRoute;
  diagnosis?: DiagnosisSummary;
  episode?: AlarmEpisode;
  /** The deployment the alarm may be about (docs/decisions/0024). */
  deployContext?: DeployContext;
  /** What could not be shown and why ("graph unavailable: …"): said, so nobody waits for it. */
  notes?: string[];
  /** The uploaded graph: a Slack file id, or an image URL. */
  graph?: { fileId: string } | { url: string };
  /** Buttons (Acknowledge, Snooze), added by whoever owns them. */
  actions?: KnownBlock;
  /** More rows of buttons, each feature's own (CPU credits: credit-actions.ts; runbooks: runbooks.ts). */
  moreActions?: KnownBlock[];
  /** The details (diagnosis, graph, deploy context) are still being looked up: the message says they follow. */
  detailsPending?: boolean;
}

export const STATE_EMOJI: Record<AlarmState, string> = { ALARM: '🔴', OK: '✅', INSUFFICIENT_DATA: '⚪' };

const SYMBOLS: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

function whereText(route: AlarmRoute, notification: AlarmNotification): string {
  if ('unroutable' in route) return `account ${notification.account} · ${notification.region}`;
  return route.app ? `${route.app} → ${route.env}` : route.env;
}

function thresholdField(n: AlarmNotification): string | undefined {
  if (n.threshold === undefined) return undefined;
  const symbol = SYMBOLS[n.comparison ?? ''] ?? '';
  const period = n.metric?.period ? ` over ${formatDuration(n.metric.period * 1000)}` : '';
  const statistic = n.metric?.statistic ? ` (${escape(clip(n.metric.statistic, 100))}${period})` : '';
  return `*Threshold*\n${symbol} ${formatNumber(n.threshold)}${statistic}`.replace('\n ', '\n');
}

function metricField(n: AlarmNotification): string | undefined {
  if (n.composite) return `*Rule*\n\`${escape(clip(n.composite.rule, 500))}\``;
  if (!n.metric) return n.metrics ? `*Metric math*\n${escape(watchedMetric(n))}` : undefined;
  const dimensions = Object.entries(n.metric.dimensions)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return `*Metric*\n\`${escape(`${n.metric.namespace} ${n.metric.name}`)}\`${dimensions ? `\n${escape(dimensions)}` : ''}`;
}

function summaryBlock(view: AlarmView): KnownBlock {
  const n = view.notification;
  const description = n.description ? `\n_${escape(clip(n.description, 500))}_` : '';
  const fields = [
    thresholdField(n),
    n.currentValue === undefined ? undefined : `*Current value*\n${formatNumber(n.currentValue)}`,
    metricField(n),
    `*Changed*\n${n.previousState ? `${n.previousState} → ` : ''}${n.state}, ${slackDate(n.changedAt)}`,
  ].filter((field) => field !== undefined);
  return section(`*${escape(whereText(view.route, n))}*\n${escape(plainReason(n))}${description}`, fields);
}

function resolvedBlocks(view: AlarmView): KnownBlock[] {
  const { notification: n, episode } = view;
  if (n.state !== 'OK' || !episode) return [];
  const resolvedAt = episode.resolvedAt ?? n.changedAt;
  return [
    section(
      `✅ *Resolved* after ${formatDuration(resolvedAt.getTime() - episode.firstAt.getTime())} (${slackDate(resolvedAt)})`,
    ),
  ];
}

function graphBlock(view: AlarmView): ImageBlock[] {
  if (!view.graph) return [];
  const altText = clip(
    `Graph of ${watchedMetric(view.notification)} over the last 3 hours with the threshold line`,
    2000,
  );
  return 'fileId' in view.graph
    ? [{ type: 'image', slack_file: { id: view.graph.fileId }, alt_text: altText }]
    : [{ type: 'image', image_url: view.graph.url, alt_text: altText }];
}

/** The console link stands alone: clipping a long line must never cut a link in half. */
function footer(view: AlarmView): KnownBlock {
  const { episode } = view;
  const notes = [
    episode && episode.count > 1
      ? `repeated ${episode.count} times, last seen ${slackDate(episode.lastAt)}`
      : undefined,
    episode?.acknowledgedBy ? `acknowledged by <@${episode.acknowledgedBy}>` : undefined,
    episode?.snoozedUntil ? `snoozed until ${slackDate(episode.snoozedUntil)}` : undefined,
  ].filter((note) => note !== undefined);
  const link = `<${alarmConsoleUrl(view.notification)}|Open in CloudWatch>`;
  return notes.length ? context(link, notes.join(' · ')) : context(link);
}

/** The alarm message in its environment's channel: what fired, in plain words, why (credits), and a graph. */
export function alarmMessage(view: AlarmView): SlackMessage {
  const n = view.notification;
  const title = `${STATE_EMOJI[n.state]} ${n.state}: ${n.alarmName}`;
  const blocks: KnownBlock[] = [
    header(title),
    summaryBlock(view),
    ...(view.deployContext ? [deployContextBlock(view.deployContext)] : []),
    ...resolvedBlocks(view),
    ...(view.diagnosis ? [divider(), ...throttlingBlocks(view.diagnosis)] : []),
    ...graphBlock(view),
    ...(view.notes?.length ? [context(...view.notes.map((note) => `⚠️ ${escape(note)}`))] : []),
    ...(view.detailsPending ? [context(':hourglass_flowing_sand: Looking up the diagnosis and the graph…')] : []),
    footer(view),
    ...(view.actions ? [view.actions] : []),
    ...(view.moreActions ?? []),
  ];
  // Plain words only, escaped: an alarm's name and reason are anyone's text, and the fallback notifies.
  return { text: clip(escape(`${title} (${whereText(view.route, n)}): ${plainReason(n)}`), 3000), blocks };
}

/** For the audit channel: an alarm that matched no environment, with why, so it is seen rather than dropped. */
export function unroutableNote(notification: AlarmNotification, reason: string): SlackMessage {
  const n = notification;
  const title = `⚠️ Unroutable alarm: ${n.alarmName}`;
  return {
    text: clip(
      escape(`${title} (${STATE_EMOJI[n.state]} ${n.state}, account ${n.account}, ${n.region}): ${reason}`),
      3000,
    ),
    blocks: [
      header(title),
      section(
        `${STATE_EMOJI[n.state]} *${n.state}* in account \`${escape(n.account)}\`, region \`${escape(n.region)}\`\n${escape(plainReason(n))}`,
      ),
      section(`*Why it is here:* ${escape(reason)}`),
      context(
        n.alarmName.startsWith(OWN_ALARM_PREFIX)
          ? `<${alarmConsoleUrl(n)}|Open in CloudWatch> · about blueshift itself: look at its dead-letter queue and logs`
          : `<${alarmConsoleUrl(n)}|Open in CloudWatch> · add the account and region to an environment (and an app’s alarmPrefix) to route alarms like this one`,
      ),
    ],
  };
}
