import type { KnownBlock } from '@slack/types';
import type { LifecycleFailure } from '../../../commands/deploy/ports';
import type { FailureView, ProgressView } from '../../../commands/deploy/progress-view';
import { alarmPhrase } from '../../../commands/deploy/alarm-stop';
import { ALARM_STOP_HINT, alarmStopSummary } from './deployment-alarms';
import { deploymentTitle } from './deployment-title';
import { clip, context, divider, escape, section, type SlackMessage } from './kit';

/** Hooks shown in full; more would bury the first (usually the cause) and crowd Slack's size limits. */
const MAX_SHOWN = 5;
// Slack rejects messages around 13k characters of blocks even within every per-block limit (msg_blocks_too_long).
const LOG_BUDGET = 7_500;
const MAX_LOG_PER_HOOK = 2_000;
const MAX_MESSAGE = 400;

const escapedLength = (char: string): number => escape(char).length;

/**
 * The end of a log, escaped for mrkdwn, within `max` characters: the error is at the end, so the start goes.
 * Triple backticks would close the code block early, so they are softened.
 */
export function logTail(log: string, max: number): string {
  const text = log.replace(/```/g, "'''").trimEnd();
  let start = text.length;
  let used = 0;
  while (start > 0 && used + escapedLength(text.charAt(start - 1)) <= max - 2) {
    used += escapedLength(text.charAt(start - 1));
    start -= 1;
  }
  if (start === 0) return escape(text);
  const kept = text.slice(start);
  // Begin at a whole line when one starts soon after the cut, so the first line shown is not a fragment.
  const newline = kept.indexOf('\n');
  return `…\n${escape(newline >= 0 && newline < kept.length / 2 ? kept.slice(newline + 1) : kept)}`;
}

/** One failed lifecycle hook: instance, hook, error code, script, message and the end of its log. */
export function failureSection(failure: LifecycleFailure, logBudget: number): KnownBlock {
  const label = failure.label ? ` (${failure.label.toLowerCase()})` : '';
  const code = failure.errorCode ? ` · \`${escape(failure.errorCode)}\`` : '';
  const lines = [`*\`${escape(failure.instanceId)}\`*${label} · *${escape(failure.hook)}* failed${code}`];
  if (failure.script) lines.push(`Script: \`${escape(failure.script)}\``);
  if (failure.message) lines.push(`> ${clip(escape(failure.message), MAX_MESSAGE).replace(/\n/g, '\n> ')}`);
  if (failure.logTail?.trim()) lines.push(`\`\`\`${logTail(failure.logTail, logBudget)}\`\`\``);
  return section(lines.join('\n'));
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

function summary(view: ProgressView, failures: LifecycleFailure[]): string {
  const title = deploymentTitle(view);
  const link = `<${view.consoleUrl}|${escape(view.deploymentId)}>`;
  const alarmStop = alarmStopSummary(view, title, link);
  if (alarmStop) return alarmStop;
  if (!failures.length) {
    const why = view.error ? `: *${escape(view.error.code)}* ${escape(view.error.message)}` : '.';
    return `🟥 *${escape(title)}* failed (${link}) without a failed lifecycle hook${why}`;
  }
  const instances = new Set(failures.map((failure) => failure.instanceId)).size;
  return `🟥 *${escape(title)}* failed (${link}): ${plural(failures.length, 'lifecycle hook')} failed on ${plural(instances, 'instance')}.`;
}

function nextSteps(view: ProgressView): string {
  const already = view.rolledBackBy ? ` CodeDeploy is already rolling back with \`${escape(view.rolledBackBy)}\`.` : '';
  return `*What next:* fix the cause and deploy again with \`/deploy ${escape(view.app)} ${escape(view.env)} <revision>\`, or put the previous revision back with \`/rollback ${escape(view.app)} ${escape(view.env)}\`.${already}`;
}

/**
 * The thread reply under a failed deployment's message: each failed hook with its instance, error and log tail; under
 * one CodeDeploy stopped for an alarm, the alarm.
 */
export function deploymentFailureReply({ view, failures }: FailureView): SlackMessage {
  const shown = failures.slice(0, MAX_SHOWN);
  const logBudget = Math.min(MAX_LOG_PER_HOOK, Math.floor(LOG_BUDGET / Math.max(1, shown.length)));
  const more = failures.length - shown.length;
  const blocks: KnownBlock[] = [
    section(summary(view, failures)),
    ...shown.flatMap((failure) => [divider(), failureSection(failure, logBudget)]),
    ...(more
      ? [
          context(
            `…and ${plural(more, 'more failed hook')}: see <${view.consoleUrl}|the deployment in the CodeDeploy console>.`,
          ),
        ]
      : []),
    ...(view.stoppedByAlarms ? [context(ALARM_STOP_HINT)] : []),
    context(nextSteps(view)),
  ];
  const [first] = failures;
  const alarms = view.outcome !== 'running' && view.stoppedByAlarms;
  const title = escape(deploymentTitle(view));
  const text = alarms
    ? `STOPPED: ${title}: ${alarmPhrase(alarms, escape)} fired`
    : first
      ? `FAILED: ${title}: ${escape(first.hook)} failed on ${escape(first.instanceId)}${first.errorCode ? ` (${escape(first.errorCode)})` : ''}`
      : `FAILED: ${title}${view.error ? ` (${escape(view.error.code)})` : ''}`;
  return { text, blocks };
}
