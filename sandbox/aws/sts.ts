import { AssumeRoleCommand, STSClient, STSServiceException, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { answer, awsError, refuseUnknownCommands } from './sdk-stub';

/**
 * STS AssumeRole into the simulated account, checked as the target-account stack's trust policy and the STS
 * model check it (infra/target-account.yml, https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html):
 * the role must exist, the ExternalId match,
 * SourceIdentity be a Slack user ID, names fit [\w+=,.@-]{2,64}, and the session last 15–60 minutes (role chaining).
 */

export interface TrustPolicy {
  /** Role ARN → the ExternalIds its trust policy accepts. */
  roles: Record<string, string[]>;
}

const NAME = /^[\w+=,.@-]{2,64}$/;
// The trust policy's StringLike on sts:SourceIdentity (infra/target-account.yml): Slack user IDs, or exactly the
// bot itself for work nobody clicked.
const TRUSTED_SOURCE = (source: string): boolean => /^[UW]/.test(source) || source === 'blueshift-system';

const accessDenied = (roleArn: string) =>
  awsError(
    'AccessDenied',
    `User: arn:aws:sts::999999999999:assumed-role/blueshift-worker/blueshift-sandbox is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    STSServiceException,
    403,
  );
const validation = (message: string) => awsError('ValidationError', message, STSServiceException, 400);

function assume(trust: TrustPolicy, input: AssumeRoleCommandInput, now: Date) {
  const roleArn = input.RoleArn ?? '';
  const session = input.RoleSessionName ?? '';
  if (!NAME.test(session))
    throw validation(
      `1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  const duration = input.DurationSeconds ?? 3600;
  if (duration < 900 || duration > 3600)
    throw validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  const source = input.SourceIdentity;
  if (source !== undefined && (!NAME.test(source) || source.startsWith('aws:'))) {
    throw validation(
      `1 validation error detected: Value '${source}' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  const externalIds = trust.roles[roleArn];
  if (!externalIds?.includes(input.ExternalId ?? '') || !source || !TRUSTED_SOURCE(source)) throw accessDenied(roleArn);
  const roleId = `AROA${randomBytes(8).toString('hex').toUpperCase().slice(0, 17)}`;
  return {
    Credentials: {
      AccessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      SecretAccessKey: randomBytes(30).toString('base64'),
      SessionToken: randomBytes(96).toString('base64'),
      Expiration: new Date(now.getTime() + duration * 1000),
    },
    AssumedRoleUser: {
      AssumedRoleId: `${roleId}:${session}`,
      Arn: `${roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${session}`,
    },
    PackedPolicySize: 6,
    SourceIdentity: source,
  };
}

export function installStsStub(trust: TrustPolicy, now: () => Date): AwsClientStub<STSClient> {
  const sts = refuseUnknownCommands(mockClient(STSClient), 'STS');
  sts.on(AssumeRoleCommand).callsFake(answer((input: AssumeRoleCommandInput) => assume(trust, input, now())));
  return sts;
}
