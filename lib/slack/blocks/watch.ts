import type { KnownBlock } from '@slack/types';
import type { ProgressView, WatchView } from '../../../commands/deploy/progress-view';
import { actions } from './buttons';
import { actor, context, escape, isSlackUser, section, type SlackMessage } from './kit';

/** What a thread reply about the watch names. */
export type ReplyView = Pick<ProgressView, 'deploymentId' | 'env' | 'requestedBy'>;

function alarmsWords(watch: WatchView): string {
  return watch.alarms.length ? `🔔 ${escape(watch.alarms.join(', '))}` : 'no alarms';
}

/** The watch's line in the progress message, escaped: it quotes check names and alarm names from outside. */
export function watchBlock(view: ProgressView): KnownBlock | undefined {
  const { watch } = view;
  if (!watch) return undefined;
  // The check lines are mrkdwn already (commands/checks/summary.ts), escaped where they quote the outside.
  const looks = [...watch.checks, alarmsWords(watch)].join(' · ');
  switch (watch.status) {
    case 'watching': {
      const short = watch.blueKeptMinutes
        ? ` · ⚠️ CodeDeploy keeps blue only ${watch.blueKeptMinutes} min, so the watch ends with it`
        : '';
      return context(`👀 *Watching* ${escape(watch.progress)} · ${looks}${short}`);
    }
    case 'passed':
      return context(`✅ *Watch passed* (${escape(watch.progress)}) · ${looks}`);
    case 'failed': {
      const then =
        watch.onFailure === 'rollback'
          ? 'blueshift stopped the deployment and rolled back: traffic goes back to the blue fleet.'
          : 'Blue is still warm: *Roll back now* moves traffic back to it.';
      return section(`🚨 *Watch failed*: ${escape(watch.failure ?? 'a check failed')}. ${then}`);
    }
    case 'waf-blocked':
      return section(
        `🛡️ *${escape(watch.failure ?? 'the WAF blocked a check')}.* The deployment is not rolled back; exempt the path (see the thread) or change the web ACL.`,
      );
    case 'ended':
      return watch.overriddenBy
        ? context(
            `👀 Watch ended early by ${actor(watch.overriddenBy)}: ${escape(watch.overrideReason ?? '')} · ${looks}`,
          )
        : context(`👀 Watch ended with the deployment · ${looks}`);
  }
}

/** In the thread when the watch rolled back on its own: what failed, and that blue takes the traffic again. */
export function watchRolledBackReply(view: ReplyView, failure: string): SlackMessage {
  const text = `🚨 The watch after Reroute failed: ${failure}. blueshift stopped ${view.deploymentId} with automatic rollback; traffic goes back to the blue fleet, which is still running.`;
  return { text, blocks: [section(escape(text))] };
}

/**
 * In the thread when the watch failed and the environment asks first: the requester decides while blue is warm.
 * The button is on the progress message (a deployment's buttons act from there only).
 */
export function watchAskReply(view: ReplyView, failure: string): SlackMessage {
  const text = `🚨 The watch after Reroute failed: ${failure}. Blue is still warm: press Roll back now on the deployment's message to move traffic back to it.`;
  // A deployment started outside Slack has nobody to mention: the channel reads it.
  const who = isSlackUser(view.requestedBy) ? `<@${view.requestedBy}> ` : '';
  return { text, blocks: [section(`${who}${escape(text)}`)] };
}

/**
 * In the thread when a 403 came from the WAF: which rule, that a rollback will not fix it, and a button that starts
 * the usual /waf-exempt flow (preview, approval on protected environments) for that rule and path.
 */
export function wafBlockedReply(view: ReplyView, failure: string, rule: string, path: string): SlackMessage {
  const text = `🛡️ ${failure}.`;
  return {
    text,
    blocks: [
      section(escape(text)),
      context(
        escape(
          `Exempting ${path} from ${rule} starts the usual /waf-exempt flow for ${view.env}: a preview first, and an approval where the environment needs one.`,
        ),
      ),
      actions(`watch-waf-${view.deploymentId}`, [
        { action: 'watch.waf-exempt', text: `Exempt ${path} from ${rule}…`, value: view.deploymentId },
      ]),
    ],
  };
}

/** In the thread when the watch could not look for a reason retrying will not fix: it ended, people decide. */
export function watchCannotLookReply(reason: string): SlackMessage {
  const text = `⚠️ The watch after Reroute stopped: it could not look (${reason}). Nothing was rolled back; check the service yourself before Terminate blue now, and fix what is named so the next deployment is watched.`;
  return { text, blocks: [section(escape(text))] };
}
