import { KnownFailure } from '../errors';
import type { WebAclRef } from '../../commands/waf/types';

/** WAF's errors in plain words, and the optimistic-lock retry shared by web ACLs and IP sets. */

export interface RetryTiming {
  sleep: (ms: number) => Promise<void>;
  /** [0, 1), like Math.random. */
  random: () => number;
}

export const realTiming: RetryTiming = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export function isWafError(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name;
}

/** Full jitter, so two editors that collided once do not collide again in step. */
export function lockBackoffMs(attempt: number, random: () => number): number {
  return Math.round(random() * Math.min(2_000, 200 * 2 ** attempt));
}

/** Runs `round` again after WAFOptimisticLockException, up to `attempts` times in all. */
export async function withLockRetries<T>(
  attempts: number,
  timing: RetryTiming,
  round: (attempt: number) => Promise<T>,
  exhausted: (attempts: number, cause: unknown) => Error,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await round(attempt);
    } catch (err) {
      if (!isWafError(err, 'WAFOptimisticLockException')) throw err;
      if (attempt >= attempts) throw exhausted(attempt, err);
      await timing.sleep(lockBackoffMs(attempt, timing.random));
    }
  }
}

export class WebAclNotFoundError extends KnownFailure {
  override readonly name = 'WebAclNotFoundError';
  constructor(acl: WebAclRef, options: { cause: unknown }) {
    super(
      `WAF has no ${acl.scope} web ACL named ${acl.name} with id ${acl.id} in this account and region.`,
      `Check environments.<env>.waf.webAcl in blueshift's configuration against the WAF console (CLOUDFRONT web ACLs live in us-east-1).`,
      options,
    );
  }
}

export class WafConcurrentEditError extends KnownFailure {
  override readonly name = 'WafConcurrentEditError';
  constructor(what: string, attempts: number, options: { cause: unknown }) {
    super(
      `${what} kept changing while blueshift was updating it: another edit won ${attempts} times in a row, so blueshift changed nothing.`,
      'Try again in a minute. If it keeps happening, something may be updating it in a loop: look for UpdateWebACL or UpdateIPSet calls in CloudTrail.',
      options,
    );
  }
}

export class WafLimitError extends KnownFailure {
  override readonly name = 'WafLimitError';
  constructor(what: string, options: { cause: unknown }) {
    super(
      `WAF refused to change ${what}: it would go over a WAF limit (web ACL capacity units, IP sets or references per web ACL).`,
      'Check the capacity in the preview; remove an unused rule in the infrastructure code, exempt a single rule instead of a group, or ask AWS for a higher quota.',
      options,
    );
  }
}

export class WafInvalidRequestError extends KnownFailure {
  override readonly name = 'WafInvalidRequestError';
  constructor(what: string, cause: Error & { Field?: string; Parameter?: string; Reason?: string }) {
    const detail = [cause.Field, cause.Parameter, cause.Reason].filter(Boolean).join(', ');
    super(
      `WAF refused the request about ${what} as invalid${detail ? ` (${detail})` : ''}: ${cause.message}`,
      'Nothing was changed. This is most likely a blueshift bug: report it with this message.',
      { cause },
    );
  }
}

/** The web ACL, IP set or rule group a WAF call was about, for messages and for the not-found case. */
export type WafSubject = { webAcl: WebAclRef } | { name: string };

const subjectName = (subject: WafSubject) => ('webAcl' in subject ? `web ACL ${subject.webAcl.name}` : subject.name);

/** The KnownFailure for a WAF error blueshift understands; anything else as it was (the worker decides). */
export function wafFailure(err: unknown, subject: WafSubject): unknown {
  if (err instanceof KnownFailure || !(err instanceof Error)) return err;
  const what = subjectName(subject);
  if (err.name === 'WAFNonexistentItemException') {
    if ('webAcl' in subject) return new WebAclNotFoundError(subject.webAcl, { cause: err });
    return new KnownFailure(
      `WAF has no ${what} in this account and region.`,
      'Check the name; it may have been deleted meanwhile.',
      { cause: err },
    );
  }
  if (err.name === 'WAFLimitsExceededException') return new WafLimitError(what, { cause: err });
  if (err.name === 'WAFInvalidParameterException') return new WafInvalidRequestError(what, err);
  return err;
}
