/**
 * A failure blueshift understands: its message says what went wrong in plain words and `next` says what to
 * do about it. Retrying will not help (a missing permission, a wrong role), so the worker reports it at once.
 */
export class KnownFailure extends Error {
  override readonly name: string = 'KnownFailure';
  constructor(message: string, readonly next: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  $retryable?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  /** Slack's web-api puts the HTTP status of a failed call here (WebAPIHTTPError). */
  statusCode?: unknown;
}

const RETRYABLE_NAMES = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'ServiceUnavailable',
  'ServiceUnavailableException', 'InternalServerError', 'InternalFailure', 'RequestTimeout', 'TimeoutError',
  'ProvisionedThroughputExceededException', 'WAFInternalErrorException',
]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'slack_webapi_request_error', 'slack_webapi_rate_limited_error']);
// web-api waits out a 429's Retry-After and tries again; when its retries run out it rejects with a plain Error.
const SLACK_RATE_LIMIT_EXHAUSTED = 'A rate limit was exceeded (url: ';

/** Whether trying the same thing again later may work: throttling, 5xx, network trouble. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof KnownFailure || typeof error !== 'object' || error === null) return false;
  const e = error as SdkLikeError;
  if (e.$retryable) return true;
  if (typeof e.name === 'string' && RETRYABLE_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && RETRYABLE_CODES.has(e.code)) return true;
  if (error instanceof Error && error.message.startsWith(SLACK_RATE_LIMIT_EXHAUSTED)) return true;
  const status = e.code === 'slack_webapi_http_error' ? e.statusCode : e.$metadata?.httpStatusCode;
  return e.$fault === 'server' || (typeof status === 'number' && status >= 500);
}
