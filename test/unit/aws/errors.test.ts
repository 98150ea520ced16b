import { CloudWatchServiceException } from '@aws-sdk/client-cloudwatch';
import { CodeDeployServiceException, ThrottlingException } from '@aws-sdk/client-codedeploy';
import { DeploymentGroupNotFoundError } from '../../../lib/aws/codedeploy';
import { describeAwsError } from '../../../lib/aws/errors';
import { isRetryable, THROTTLING_ERRORS } from '../../../lib/errors';

function serviceError(name: string, message: string, httpStatusCode = 400): CloudWatchServiceException {
  return new CloudWatchServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message });
}

describe('describeAwsError', () => {
  it.each<[string, unknown, string]>([
    [
      'names the missing permission when the message does',
      serviceError(
        'AccessDeniedException',
        'User: arn:aws:sts::111111111111:assumed-role/blueshift-operator/blueshift-alice is not authorized to perform: cloudwatch:DescribeAlarms because no identity-based policy allows the cloudwatch:DescribeAlarms action',
      ),
      'access denied: the operator role lacks cloudwatch:DescribeAlarms permission',
    ],
    [
      'keeps the message when it does not name the operation',
      serviceError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403),
      'access denied: the operator role may not do this (You are not authorized to perform this operation.)',
    ],
    [
      'recognises throttling by name',
      new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }),
      'AWS is throttling requests right now; try again in a minute',
    ],
    [
      'recognises throttling by HTTP 429',
      new CodeDeployServiceException({
        name: 'SlowDownPlease',
        $fault: 'client',
        $metadata: { httpStatusCode: 429 },
        message: 'slow down',
      }),
      'AWS is throttling requests right now; try again in a minute',
    ],
    [
      'falls back to name and message',
      serviceError('InvalidNextToken', 'The service returned an invalid NextToken.'),
      'InvalidNextToken: The service returned an invalid NextToken.',
    ],
    ['handles something that is not an Error', 'socket hang up', 'unexpected failure: socket hang up'],
  ])('%s', (_, error, expected) => {
    // Act
    const sentence = describeAwsError(error);
    // Assess
    expect(sentence).toBe(expected);
  });

  it('passes our own named errors through as they are already user-facing', () => {
    // Prepare
    const notFound = new DeploymentGroupNotFoundError('edu-web', 'edu-web-prod', {
      cause: new Error('DeploymentGroupDoesNotExistException'),
    });
    // Act
    const sentence = describeAwsError(notFound);
    // Assess
    expect(sentence).toBe(notFound.message);
  });
});

/**
 * A user told "try again in a minute" must find the worker retrying the same failure by itself, and a failure the
 * worker retries as throttling must be described as throttling: one list decides both.
 */
describe('throttling: what the user is told and what the worker retries agree', () => {
  const TRY_AGAIN = 'AWS is throttling requests right now; try again in a minute';
  const sdkError = (name: string, httpStatusCode = 400) =>
    new CodeDeployServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: 'slow down' });
  // Every name either list held, and the SDK's own throttling names.
  const throttlingNames = [
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
  ];

  it.each(throttlingNames)('%s is described as throttling and retried', (name) => {
    // Prepare
    const error = sdkError(name);
    // Act
    const told = describeAwsError(error);
    const retried = isRetryable(error);
    // Assess
    expect({ told, retried }).toEqual({ told: TRY_AGAIN, retried: true });
  });

  it('holds the list both use: every name in it is told "try again" and retried', () => {
    // Act
    const disagreeing = [...THROTTLING_ERRORS].filter(
      (name) => describeAwsError(sdkError(name)) !== TRY_AGAIN || !isRetryable(sdkError(name)),
    );
    // Assess
    expect(disagreeing).toEqual([]);
    expect([...THROTTLING_ERRORS].sort()).toEqual([...throttlingNames].sort());
  });

  it('treats an HTTP 429 under any name as throttling, both ways', () => {
    // Prepare
    const error = sdkError('SlowDownPlease', 429);
    // Act
    const told = describeAwsError(error);
    const retried = isRetryable(error);
    // Assess
    expect({ told, retried }).toEqual({ told: TRY_AGAIN, retried: true });
  });

  it('does not call a quota (LimitExceededException) throttling, nor retry it', () => {
    // Prepare: CodeDeploy and others use it for a limit that waiting does not lift
    const error = sdkError('LimitExceededException');
    // Act
    const told = describeAwsError(error);
    const retried = isRetryable(error);
    // Assess
    expect({ told, retried }).toEqual({ told: 'LimitExceededException: slow down', retried: false });
  });
});
