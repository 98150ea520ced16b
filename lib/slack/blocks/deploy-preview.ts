import type { Preflight } from '../../../commands/deploy/deploy';
import type { DeployLock } from '../../../commands/ports';
import type { Preview } from './request';
import { breakGlassBlocks, type BreakGlass } from './freeze';
import { actor, ago, context, escape, section, slackDate, type SlackMessage } from './kit';

/** A link to a message: Slack redirects archives URLs to the right workspace. */
export function messageLink(channel: string, ts: string): string {
  return `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

/** What a /deploy is about to do and what the checks found, for the confirmation or approval. */
export function deployPreview(
  app: string,
  env: string,
  check: Preflight,
  now: Date,
  warning?: string,
  freeze?: BreakGlass,
): Preview {
  const alarms = check.alarms.length
    ? `:warning: *${check.alarms.length} alarm${check.alarms.length === 1 ? '' : 's'} firing:* ${check.alarms
        .slice(0, 5)
        .map((a) => `\`${escape(a.name)}\``)
        .join(', ')}`
    : ':large_green_circle: no alarms firing';
  const lock = check.lock ? `:lock: locked by you ${ago(check.lock.since, now)}` : ':unlock: not locked';
  const through = freeze ? ` through the freeze (override: ${freeze.override})` : '';
  return {
    summary: `deploy ${app} ${check.revisionLabel} to ${env}${through}`,
    blocks: [
      ...(freeze ? breakGlassBlocks(freeze) : []),
      section(
        `*Revision* \`${escape(check.revisionLabel)}\` — \`s3://${escape(check.revision.bucket)}/${escape(check.revision.key)}\``,
        [`*Alarms*\n${alarms}`, `*Lock*\n${lock}`, '*Running deployments*\n:large_green_circle: none'],
      ),
      ...(warning ? [context(`:warning: ${escape(warning)}`)] : []),
    ],
    ...(check.alarms.length ? { confirmLabel: 'Deploy anyway' } : {}),
  };
}

export function deployStartedMessage(deploymentId: string, label: string, channel: string, ts: string): SlackMessage {
  return {
    text: `Started ${deploymentId} (${label})`,
    blocks: [
      section(
        // A link's label is text, where <, > and & must be escaped, so it cannot hold a <#channel> token
        // (https://docs.slack.dev/messaging/formatting-message-text#escaping-text): the channel follows the link.
        `:rocket: Started \`${deploymentId}\` (\`${escape(label)}\`). Progress: <${messageLink(channel, ts)}|the message> in <#${channel}>.`,
      ),
    ],
  };
}

export function lockMessage(lock: DeployLock, already: boolean): SlackMessage {
  const what = already ? 'still locked by you; reason updated' : 'locked';
  const until = lock.until ? `until ${slackDate(lock.until)} (the lock then lifts by itself) or ` : 'until ';
  return {
    text: `${lock.app} ${lock.env} ${what}`,
    blocks: [
      section(
        `:lock: \`${lock.app} ${lock.env}\` ${what}${lock.reason ? `: ${escape(lock.reason)}` : ''}. Deploys by others are refused ${until}\`/deploy unlock ${lock.app} ${lock.env}\`; \`/rollback\` still works.`,
      ),
    ],
  };
}

export function unlockMessage(lock: DeployLock, by: string): SlackMessage {
  const whose = lock.owner === by ? 'your lock' : `${actor(lock.owner)}'s lock`;
  return {
    text: `${lock.app} ${lock.env} unlocked`,
    blocks: [section(`:unlock: Released ${whose} on \`${lock.app} ${lock.env}\`. Deploys are open again.`)],
  };
}
