import { escape } from '../../lib/mrkdwn';
import type { CheckResult } from './types';

/**
 * One check's result as a line of Slack mrkdwn, short enough for a progress message: `/admin 200 (84 ms)`, or
 * `/admin 403 — expected 200, got 403`, `/admin — timed out after 5 s`. The name comes from the configuration and
 * the problem may quote a redirect's host, so both are escaped.
 */
export function checkLine(result: CheckResult): string {
  const head = `${escape(result.check)}${result.status === undefined ? '' : ` ${result.status}`}`;
  if (result.passed) return `${head} (${elapsed(result.ms)})`;
  return `${head} — ${escape(result.problem ?? 'failed')}`;
}

/** `84 ms` under a second, `1.2 s` above. */
function elapsed(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}
