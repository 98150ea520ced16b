/**
 * Slack's rate limits as token buckets, for the loopback Slack: chat.postMessage "generally one message per second
 * per channel" with short bursts allowed, and Tier 3 methods (chat.update) "50+ per minute" per workspace
 * (https://api.slack.com/apis/rate-limits). A call over its limit is answered HTTP 429 with `Retry-After` in whole
 * seconds, as Slack does. Pure: the time is passed in, so a test can step it.
 */
export interface BucketRule {
  /** Tokens added per second. */
  perSecond: number;
  /** How many calls may come at once (the bucket's size). */
  burst: number;
}

export interface SlackRateLimits {
  /** Per method; `perChannel` keys the bucket by the call's channel too (chat.postMessage). */
  rules: Record<string, BucketRule & { perChannel?: boolean }>;
}

/** What the bench and the storm test run against: postMessage 1/s per channel (burst 3), Tier 3 50/min (burst 10). */
export const SLACK_LIMITS: SlackRateLimits = {
  rules: {
    'chat.postMessage': { perSecond: 1, burst: 3, perChannel: true },
    'chat.update': { perSecond: 50 / 60, burst: 10 },
    'files.completeUploadExternal': { perSecond: 100 / 60, burst: 20 },
  },
};

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiter {
  /** Takes a token for this call at `nowMs`, or says how long to wait. */
  admit(method: string, channel: string | undefined, nowMs: number): Admission;
  /** Calls refused so far. */
  refused(): number;
  reset(): void;
}

export function rateLimiter(limits: SlackRateLimits): RateLimiter {
  const buckets = new Map<string, Bucket>();
  let refusals = 0;
  return {
    admit(method, channel, nowMs) {
      const rule = limits.rules[method];
      if (!rule) return { allowed: true };
      const key = rule.perChannel ? `${method}:${channel ?? ''}` : method;
      const previous = buckets.get(key) ?? { tokens: rule.burst, at: nowMs };
      const tokens = Math.min(rule.burst, previous.tokens + ((nowMs - previous.at) / 1000) * rule.perSecond);
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, at: nowMs });
        return { allowed: true };
      }
      buckets.set(key, { tokens, at: nowMs });
      refusals += 1;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / rule.perSecond)) };
    },
    refused: () => refusals,
    reset() {
      buckets.clear();
      refusals = 0;
    },
  };
}
