import { isThrottling, KnownFailure } from '../errors';
import { redact } from '../redact';

// Names differ by protocol: query services say AccessDenied, JSON ones AccessDeniedException, EC2 its own.
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

/**
 * A short plain sentence for an AWS failure, to show in place of one /status section.
 * It only claims what the error itself says: an operation is named only when the message names it. It goes to Slack
 * and the audit record, so whatever secret a service or library put in the error is redacted.
 */
export function describeAwsError(err: unknown): string {
  return redact(describe(err));
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return `unexpected failure: ${String(err)}`;
  // Our own named errors already carry a user-facing reason.
  if (err instanceof KnownFailure) return err.message;
  if (ACCESS_DENIED.has(err.name)) {
    const operation = /not authorized to perform:?\s*([\w-]+:[\w*]+)/.exec(err.message)?.[1];
    return operation
      ? `access denied: the operator role lacks ${operation} permission`
      : `access denied: the operator role may not do this (${err.message})`;
  }
  // The worker retries exactly these (isRetryable), so "try again" is what it is already doing.
  if (isThrottling(err)) {
    return 'AWS is throttling requests right now; try again in a minute';
  }
  if (err.name === 'ExpiredTokenException' || err.name === 'ExpiredToken') {
    return 'the temporary AWS credentials expired; try again';
  }
  return `${err.name}: ${err.message}`;
}
