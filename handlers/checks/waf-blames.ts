import type { CheckResult, CheckSet, WafBlame } from '../../commands/checks/types';
import type { EnvironmentConfig } from '../../lib/config/schema';
import { logger } from '../../lib/log';
import type { EnvironmentAccount } from '../jobs/deps';

/** How far back the web ACL's samples are read for a 403: the checks just run, and a margin for WAF's delay. */
const BLAME_WINDOW_MS = 5 * 60_000;

const pathOf = (url: string): string => new URL(url).pathname;

/** For each failed check that got a 403, the WAF rule the web ACL's samples blame for its path. */
export async function wafBlames(
  results: CheckResult[],
  checks: CheckSet,
  env: EnvironmentConfig,
  target: EnvironmentAccount,
  now: Date,
): Promise<Map<string, WafBlame>> {
  const found = new Map<string, WafBlame>();
  const waf = env.waf;
  if (!waf) return found;
  for (const result of results.filter((r) => !r.passed && r.status === 403)) {
    const check = checks.http.find((c) => c.name === result.check);
    if (!check) continue;
    const since = new Date(now.getTime() - BLAME_WINDOW_MS);
    // A sample that cannot be read leaves the 403 unexplained: the watch then fails as for any status.
    const blame = await target.wafSamples
      .blockedBy(waf.webAcl, pathOf(check.url), since, now)
      .catch((error: unknown) => logger.warn('could not read the web ACL samples', { error }));
    if (blame) found.set(result.check, blame);
  }
  return found;
}
