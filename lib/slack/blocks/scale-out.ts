import type { KnownBlock } from '@slack/types';
import { isChurning, repeatLine, type ScalingActivity } from '../../../commands/scale-out/episode';
import type { CreditTie, ScaleOutView } from '../../../commands/scale-out/view';
import { failureSection } from './deployment-failure';
import { ago, clip, context, escape, header, section, slackDate, type SlackMessage } from './kit';

/** Activities shown: the few around the failures, enough to see the launch-and-abandon loop. */
const ACTIVITIES_SHOWN = 5;
const LOG_BUDGET = 2_000;

// The incident blueshift was built from: t3.micro instances out of credits failed health checks and were replaced.
const CREDITS_EXPLAIN =
  'Instances out of CPU credits are held at their baseline and fail their health checks, so Auto Scaling replaces them before the install can pass: fix the credits (unlimited mode or a larger type) first.';

function creditLine(credits: CreditTie | undefined, now: Date): KnownBlock | undefined {
  if (!credits) return undefined;
  switch (credits.kind) {
    case 'warned':
      return section(`🪫 The CPU-credit watch warned about this group ${ago(credits.at, now)}. ${CREDITS_EXPLAIN}`);
    case 'diagnosed':
      return section(`🪫 This group's burstable instances: *${escape(credits.headline)}*. ${CREDITS_EXPLAIN}`);
    case 'unavailable':
      return context(`:warning: _CPU-credit check unavailable: ${escape(credits.error)}_`);
  }
}

function activityLine(activity: ScalingActivity): string {
  // Auto Scaling often repeats the status message in the description ("… Status Reason: …"): said once.
  const { description, statusMessage } = activity;
  const why = statusMessage && !description.includes(statusMessage) ? ` (${clip(statusMessage, 200)})` : '';
  return `• ${slackDate(activity.at)} *${escape(activity.status)}*: ${escape(clip(description, 300))}${escape(why)}`;
}

function activitiesBlock(view: ScaleOutView): KnownBlock {
  if (!view.activities.ok)
    return context(`:warning: _scaling activities unavailable: ${escape(view.activities.error)}_`);
  const items = view.activities.items.slice(0, ACTIVITIES_SHOWN);
  if (!items.length) return context(`No scaling activities of \`${escape(view.group)}\` since the first failure.`);
  return section(`*Recent scaling activities of \`${escape(view.group)}\`*\n${items.map(activityLine).join('\n')}`);
}

function latestBlocks(view: ScaleOutView): KnownBlock[] {
  const { latest } = view;
  if (!latest) return [];
  const revision = latest.revision ? ` installing \`${escape(latest.revision)}\`` : '';
  const intro = section(`Latest: <${latest.consoleUrl}|${escape(latest.deploymentId)}>${revision}`);
  const [first] = latest.failures;
  if (first) return [intro, failureSection(first, LOG_BUDGET)];
  const why = latest.error
    ? `❌ *${escape(latest.error.code)}*: ${escape(latest.error.message)}`
    : '❌ CodeDeploy gave no reason.';
  return [intro, section(why)];
}

const title = (view: Pick<ScaleOutView, 'app' | 'env'>, what: string): string => `${view.app} → ${view.env}: ${what}`;

/**
 * One message per Auto Scaling group and episode of failed scale-outs, edited as failures repeat: the count, the
 * latest instance with its failed lifecycle event and log tail, the group's recent scaling activities, and the
 * group's CPU credits when they may be the cause.
 */
export function scaleOutFailingMessage(view: ScaleOutView): SlackMessage {
  const { episode } = view;
  const line = repeatLine(episode);
  const headline = isChurning(episode)
    ? `🔁 ${title(view, `${view.group} is churning`)}`
    : `⚠️ ${title(view, 'a new instance failed its install')}`;
  const blocks: (KnownBlock | undefined)[] = [
    header(headline),
    section(
      `*${escape(line)}*\nAuto Scaling group \`${escape(view.group)}\` · first failure ${slackDate(episode.since)}`,
    ),
    ...latestBlocks(view),
    creditLine(view.credits, view.now),
    activitiesBlock(view),
    context(
      'Auto Scaling deploys the last successful revision to every new instance; when that fails it abandons the instance and launches another. This message counts the failures; a scale-out that succeeds on the group resolves it.',
    ),
  ];
  return {
    text: escape(`${view.app} ${view.env}: ${line} (${view.group})`),
    blocks: blocks.filter((block) => block !== undefined),
  };
}

/** The episode's message once a scale-out deployment on the group succeeded again. */
export function scaleOutResolvedMessage(view: Pick<ScaleOutView, 'app' | 'env' | 'group' | 'episode'>): SlackMessage {
  const { episode } = view;
  const by = episode.resolvedBy;
  const failed = `${episode.count} failed install${episode.count === 1 ? '' : 's'} on new instances`;
  const since = `since ${slackDate(episode.since)}`;
  const when = by ? ` ${slackDate(by.at)} (\`${escape(by.deploymentId)}\`)` : '';
  return {
    text: escape(`${view.app} ${view.env}: new instances of ${view.group} install again`),
    blocks: [
      header(`✅ ${title(view, 'new instances install again')}`),
      section(`A scale-out on \`${escape(view.group)}\` succeeded${when}, after ${failed} ${since}.`),
    ],
  };
}
