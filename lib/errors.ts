/**
 * A failure blueshift understands: its message says what went wrong in plain words and `next` says what to
 * do about it. Retrying will not help (a missing permission, a wrong role), so the worker reports it at once.
 */
export class KnownFailure extends Error {
  override readonly name: string = 'KnownFailure';
  constructor(
    message: string,
    readonly next: string,
    options?: { cause?: unknown },
  ) {
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

/**
 * The names AWS gives "slow down": the SDK's own throttling list (THROTTLING_ERROR_CODES in @smithy/core) without
 * LimitExceededException, which CodeDeploy and others use for a quota that waiting does not lift. The one list both
 * for retrying (isRetryable) and for telling a person to try again in a minute (lib/aws/errors.ts).
 */
export const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'EC2ThrottledException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
  'TransactionInProgressException',
]);

/** AWS asked us to slow down: a throttling name, HTTP 429, or the SDK's own throttling trait. */
export function isThrottling(error: unknown): boolean {
  if (error instanceof KnownFailure || typeof error !== 'object' || error === null) return false;
  const e = error as SdkLikeError & { $retryable?: { throttling?: unknown } };
  return (
    (typeof e.name === 'string' && THROTTLING_ERRORS.has(e.name)) ||
    e.$metadata?.httpStatusCode === 429 ||
    e.$retryable?.throttling === true
  );
}

const RETRYABLE_NAMES = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'RequestTimeout',
  'TimeoutError',
  'WAFInternalErrorException',
]);
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'slack_webapi_request_error',
  'slack_webapi_rate_limited_error',
]);
// web-api waits out a 429's Retry-After and tries again; when its retries run out it rejects with a plain Error.
const SLACK_RATE_LIMIT_EXHAUSTED = 'A rate limit was exceeded (url: ';

/** Whether trying the same thing again later may work: throttling, 5xx, network trouble. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof KnownFailure || typeof error !== 'object' || error === null) return false;
  const e = error as SdkLikeError;
  if (e.$retryable || isThrottling(error)) return true;
  if (typeof e.name === 'string' && RETRYABLE_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && RETRYABLE_CODES.has(e.code)) return true;
  if (error instanceof Error && error.message.startsWith(SLACK_RATE_LIMIT_EXHAUSTED)) return true;
  const status = e.code === 'slack_webapi_http_error' ? e.statusCode : e.$metadata?.httpStatusCode;
  return e.$fault === 'server' || (typeof status === 'number' && status >= 500);
}
