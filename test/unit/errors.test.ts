import { isRetryable, KnownFailure } from '../../lib/errors';

/** An error shaped like the AWS SDK v3's service exceptions. */
function sdkError(name: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name}: something happened`), { name, ...fields });
}

describe('isRetryable', () => {
  it.each<[string, unknown, boolean]>([
    [
      'a throttled AWS call',
      sdkError('ThrottlingException', { $fault: 'client', $metadata: { httpStatusCode: 400 } }),
      true,
    ],
    ['query-protocol throttling', sdkError('Throttling'), true],
    ['EC2 request limit', sdkError('RequestLimitExceeded'), true],
    ['DynamoDB throughput exceeded', sdkError('ProvisionedThroughputExceededException'), true],
    ['a WAF internal error', sdkError('WAFInternalErrorException'), true],
    ['an SDK timeout', sdkError('TimeoutError'), true],
    ['an error the SDK marks retryable', sdkError('SomethingNew', { $retryable: { throttling: false } }), true],
    ['a server fault', sdkError('SomethingNew', { $fault: 'server' }), true],
    ['an HTTP 503', sdkError('UnknownError', { $metadata: { httpStatusCode: 503 } }), true],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['a DNS hiccup', Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }), true],
    [
      'Slack rate limiting',
      Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error' }),
      true,
    ],
    ['a Slack request error', Object.assign(new Error('request failed'), { code: 'slack_webapi_request_error' }), true],
    [
      "Slack answering 5xx (an outage), after web-api's own retries",
      Object.assign(new Error('An HTTP protocol error occurred: statusCode = 503'), {
        code: 'slack_webapi_http_error',
        statusCode: 503,
      }),
      true,
    ],
    [
      'Slack answering 4xx',
      Object.assign(new Error('An HTTP protocol error occurred: statusCode = 404'), {
        code: 'slack_webapi_http_error',
        statusCode: 404,
      }),
      false,
    ],
    [
      'access denied',
      sdkError('AccessDeniedException', { $fault: 'client', $metadata: { httpStatusCode: 403 } }),
      false,
    ],
    ['a validation error', sdkError('ValidationException', { $metadata: { httpStatusCode: 400 } }), false],
    [
      'WAF optimistic locking (re-read, do not blindly retry)',
      sdkError('WAFOptimisticLockException', { $fault: 'client' }),
      false,
    ],
    [
      'a Slack platform error',
      Object.assign(new Error('channel_not_found'), { code: 'slack_webapi_platform_error' }),
      false,
    ],
    [
      'a known failure, even one caused by throttling',
      new KnownFailure('role missing', 'fix the role', { cause: sdkError('ThrottlingException') }),
      false,
    ],
    [
      'a known failure shaped like a server fault',
      Object.assign(new KnownFailure('x', 'y'), { $fault: 'server' }),
      false,
    ],
    ['a plain Error', new Error('bug'), false],
    ['a string', 'ThrottlingException', false],
    ['null', null, false],
    ['undefined', undefined, false],
    ['a status that is not a number', sdkError('Odd', { $metadata: { httpStatusCode: '503' } }), false],
  ])('%s → %p', (_case, error, expected) => {
    // Act
    const retryable = isRetryable(error);
    // Assess
    expect(retryable).toBe(expected);
  });
});

describe('KnownFailure', () => {
  it('keeps its message, what to do next and its cause', () => {
    // Prepare
    const cause = new Error('AccessDenied');
    // Act
    const failure = new KnownFailure('the role cannot be assumed', 'Check the trust policy.', { cause });
    // Assess
    expect(failure).toMatchObject({
      name: 'KnownFailure',
      message: 'the role cannot be assumed',
      next: 'Check the trust policy.',
      cause,
    });
  });
});
