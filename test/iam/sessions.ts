import type { AssumeRoleCommand, AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts';
import type { EnvironmentConfig } from '../../lib/config/schema';
import { RoleSessions, type SessionUser } from '../../lib/aws/role-sessions';

// The AssumeRole call exactly as lib/aws/role-sessions.ts sends it (source identity, session name, tags, external
// ID), recorded from the real code with an STS client that answers with credentials, and turned into the
// condition keys AWS evaluates the call with.

export interface RecordedSession {
  input: AssumeRoleCommandInput;
  /** Condition keys of the AssumeRole request (sts:ExternalId, sts:SourceIdentity, aws:RequestTag/…, aws:TagKeys…). */
  requestContext: Record<string, string | string[]>;
  /** Global condition keys of the session's later calls (aws:SourceIdentity, aws:PrincipalTag/…). */
  sessionContext: Record<string, string | string[]>;
  /** The session's ARN in the target account. */
  sessionArn: string;
}

/** Inputs blueshift sends that this translation understands; anything else must be modelled first. */
const MODELLED = new Set([
  'RoleArn',
  'RoleSessionName',
  'ExternalId',
  'SourceIdentity',
  'DurationSeconds',
  'Tags',
  'TransitiveTagKeys',
]);

export async function recordSession(
  envName: string,
  env: EnvironmentConfig,
  user: SessionUser,
): Promise<RecordedSession> {
  const sent: AssumeRoleCommandInput[] = [];
  const sts = {
    send: (command: AssumeRoleCommand) => {
      sent.push(command.input);
      return Promise.resolve({
        Credentials: {
          AccessKeyId: 'ASIAEXAMPLE',
          SecretAccessKey: 'secret',
          SessionToken: 'token',
          Expiration: new Date(Date.now() + 3_600_000),
        },
      });
    },
  } as unknown as STSClient;
  await new RoleSessions({ sts }).credentialsFor({ ...env, name: envName }, user).provider();
  const [input] = sent;
  if (sent.length !== 1 || !input)
    throw new Error(`role-sessions sent ${sent.length} AssumeRole calls for one session`);
  const unknown = Object.keys(input).filter(
    (key) => input[key as keyof AssumeRoleCommandInput] !== undefined && !MODELLED.has(key),
  );
  if (unknown.length > 0)
    throw new Error(`AssumeRole now sends ${unknown.join(', ')}: add its condition keys to test/iam/sessions.ts`);
  const tags = input.Tags ?? [];
  const requestContext: Record<string, string | string[]> = {
    'sts:RoleSessionName': input.RoleSessionName ?? '',
    ...(input.ExternalId !== undefined ? { 'sts:ExternalId': input.ExternalId } : {}),
    ...(input.SourceIdentity !== undefined ? { 'sts:SourceIdentity': input.SourceIdentity } : {}),
    ...(tags.length > 0 ? { 'aws:TagKeys': tags.map((tag) => tag.Key ?? '') } : {}),
    ...Object.fromEntries(tags.map((tag) => [`aws:RequestTag/${tag.Key ?? ''}`, tag.Value ?? ''])),
    ...(input.TransitiveTagKeys?.length ? { 'sts:TransitiveTagKeys': input.TransitiveTagKeys } : {}),
  };
  const sessionContext: Record<string, string | string[]> = {
    ...(input.SourceIdentity !== undefined ? { 'aws:SourceIdentity': input.SourceIdentity } : {}),
    ...Object.fromEntries(tags.map((tag) => [`aws:PrincipalTag/${tag.Key ?? ''}`, tag.Value ?? ''])),
  };
  const role = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(input.RoleArn ?? '');
  if (!role) throw new Error(`AssumeRole names no role ARN: ${String(input.RoleArn)}`);
  const [, partition, account, roleName] = role as unknown as [string, string, string, string];
  return {
    input,
    requestContext,
    sessionContext,
    sessionArn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/${input.RoleSessionName ?? ''}`,
  };
}
