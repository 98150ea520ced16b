import { CloudWatchServiceException } from '@aws-sdk/client-cloudwatch';
import { CodeDeployServiceException, ThrottlingException } from '@aws-sdk/client-codedeploy';
import { DeploymentGroupNotFoundError } from '../../../lib/aws/codedeploy';
import { describeAwsError } from '../../../lib/aws/errors';

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
      new CodeDeployServiceException({ name: 'SlowDownPlease', $fault: 'client', $metadata: { httpStatusCode: 429 }, message: 'slow down' }),
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
    const notFound = new DeploymentGroupNotFoundError('edu-web', 'edu-web-prod', { cause: new Error('DeploymentGroupDoesNotExistException') });
    // Act
    const sentence = describeAwsError(notFound);
    // Assess
    expect(sentence).toBe(notFound.message);
  });
});
