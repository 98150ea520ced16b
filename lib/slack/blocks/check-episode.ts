import type { KnownBlock } from '@slack/types';
import type { CheckResult, WafBlame } from '../../../commands/checks/types';
import { elapsed } from '../../../commands/deploy/stage';
import { checkLine } from '../../../commands/checks/summary';
import { context, escape, header, section, slackDate, type SlackMessage } from './kit';

export interface CheckEpisodeView {
  app: string;
  env: string;
  since: Date;
  now: Date;
  results: CheckResult[];
  /** For failed checks answered 403: the WAF rule the web ACL's samples blame, by check name. */
  blames: Map<string, WafBlame>;
}

function failedLine(env: string, result: CheckResult, blame: WafBlame | undefined): string {
  const line = `• ${checkLine(result)}`;
  const body = result.bodyStart ? `\n   \`${escape(result.bodyStart.slice(0, 120))}\`` : '';
  if (!blame) return `${line}${body}`;
  const within = blame.ruleWithinGroup ? ` (${escape(blame.ruleWithinGroup)})` : '';
  const rule = blame.ruleWithinGroup ? `${blame.rule}/${blame.ruleWithinGroup}` : blame.rule;
  const exempt = `/waf-exempt ${env} ${rule} ${blame.path} for 4h`;
  return `${line}\n   🛡️ came from the WAF rule *${escape(blame.rule)}*${within}, not from the app: \`${escape(exempt)}\` exempts it.`;
}

/** The message of a failing episode, edited while it fails. */
export function checksFailingMessage(view: CheckEpisodeView): SlackMessage {
  const failed = view.results.filter((result) => !result.passed);
  const title = `🔴 ${view.app} ${view.env}: ${failed.length} of ${view.results.length} checks failing`;
  const blocks: KnownBlock[] = [
    header(title),
    section(failed.map((result) => failedLine(view.env, result, view.blames.get(result.check))).join('\n')),
    context(
      `Failing since ${slackDate(view.since)} (${elapsed(view.since, view.now)}) · checked every 5 minutes; this message is edited until they pass`,
    ),
  ];
  return { text: title, blocks };
}

/** The same message once every check passes again. */
export function checksResolvedMessage(view: CheckEpisodeView): SlackMessage {
  const title = `✅ ${view.app} ${view.env}: checks pass again`;
  const passing = view.results.map((result) => checkLine(result)).join(' · ');
  return {
    text: title,
    blocks: [header(title), context(`${passing} · failed for ${elapsed(view.since, view.now)}`)],
  };
}
