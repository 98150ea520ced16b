import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { KnownFailure } from '../errors';
import { keepSecret } from '../redact';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

/** The environment fields needed to reach its account. */
export interface RoleTarget {
  name: string;
  role: string;
  externalId: string;
  region: string;
}

/**
 * The Slack user the session acts for, or the bot itself (`blueshift-system`) for work nobody clicked. Either id
 * is the SourceIdentity, which STS limits to [\w+=,.@-]{2,64}: Slack ids and `blueshift-system` both fit
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). CloudTrail records it for every call
 * of the session (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html).
 */
export interface SessionUser {
  id: string;
  name: string;
}

/**
 * A role session for one (environment, Slack user): a credential provider for SDK clients and the session name
 * that CloudTrail in the target account will show, for the audit record.
 */
export interface RoleSession {
  provider: AwsCredentialIdentityProvider;
  sessionName: string;
}

// Lambda's own credentials are already an assumed role, so this is role chaining, capped at one hour.
const SESSION_SECONDS = 3600;
// Same margin as the SDK's own refresh, so a client never holds credentials about to expire mid-call.
const REFRESH_MARGIN_MS = 5 * 60_000;
const PREFIX = 'blueshift-';
const MAX_SESSION_NAME = 64;

/**
 * `blueshift-<name>` restricted to what STS accepts ([\w+=,.@-], ≤64); the user ID when the name has nothing usable.
 */
export function sessionName(userName: string, userId: string): string {
  const clean = (text: string): string =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // keep "José" readable as "Jose" rather than "Jos"
      .replace(/[^\w+=,.@-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const name = clean(userName) || clean(userId);
  return `${PREFIX}${name}`.slice(0, MAX_SESSION_NAME);
}

const KNOWN_FAILURES: Record<string, string> = {
  AccessDenied: 'access was denied',
  AccessDeniedException: 'access was denied',
  ExpiredTokenException: "the bot's own credentials had expired",
  RegionDisabledException: 'STS is not activated in this region for that account',
  ValidationError: 'STS rejected the request',
};

/** The environment's role could not be assumed; the message says what to check. */
export class RoleAssumptionError extends KnownFailure {
  override readonly name = 'RoleAssumptionError';
  readonly environment: string;
  readonly role: string;
  readonly account: string;

  constructor(env: RoleTarget, what: string, options: { cause: unknown }) {
    const account = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(env.role)?.[1] ?? 'unknown';
    const detail = options.cause instanceof Error ? ` (${options.cause.message})` : '';
    super(
      `Could not assume role ${env.role} in account ${account} for environment "${env.name}": ${what}${detail}.`,
      `Check that the role's trust policy allows the bot's role, that its sts:ExternalId condition matches ` +
        `"${env.externalId}", that sts:SetSourceIdentity and sts:TagSession are allowed on both sides, ` +
        `and that STS is enabled in the region for account ${account}.`,
      options,
    );
    this.environment = env.name;
    this.role = env.role;
    this.account = account;
  }
}

type ExpiringCredentials = AwsCredentialIdentity & { expiration: Date };

interface CachedSession extends RoleSession {
  current?: ExpiringCredentials;
  pending?: Promise<ExpiringCredentials>;
}

/**
 * The bot's own role sessions, with the Lambda's credentials. Built by the composition root, not by the target
 * accounts that use them, so only this module sends sts:AssumeRole, as the bot role (test/iam/scan.ts tells the
 * principals apart by who builds the sessions).
 */
export function botRoleSessions(): RoleSessions {
  return new RoleSessions({ sts: new STSClient({}) });
}

/** Assumes each environment's role per Slack user, caching the session until shortly before it expires. */
export class RoleSessions {
  private readonly sts: STSClient;
  private readonly now: () => Date;
  private readonly sessions = new Map<string, CachedSession>();

  constructor(options: { sts: STSClient; now?: () => Date }) {
    this.sts = options.sts;
    this.now = options.now ?? (() => new Date());
  }

  /** The same RoleSession (provider and name) is returned for the same environment and user. */
  credentialsFor(env: RoleTarget, user: SessionUser): RoleSession {
    // Environment names are [a-z0-9_-], so '/' cannot make two keys collide.
    const key = `${env.name}/${user.id}`;
    const existing = this.sessions.get(key);
    if (existing) return existing;
    const session: CachedSession = {
      sessionName: sessionName(user.name, user.id),
      provider: () => this.resolve(session, env, user),
    };
    this.sessions.set(key, session);
    return session;
  }

  private resolve(session: CachedSession, env: RoleTarget, user: SessionUser): Promise<AwsCredentialIdentity> {
    const { current } = session;
    if (current && current.expiration.getTime() - this.now().getTime() > REFRESH_MARGIN_MS) {
      return Promise.resolve(current);
    }
    // Concurrent callers share the one AssumeRole in flight.
    session.pending ??= this.assume(env, user, session.sessionName)
      .then((credentials) => {
        session.current = credentials;
        return credentials;
      })
      .finally(() => {
        session.pending = undefined;
      });
    return session.pending;
  }

  private async assume(env: RoleTarget, user: SessionUser, name: string): Promise<ExpiringCredentials> {
    const command = new AssumeRoleCommand({
      RoleArn: env.role,
      RoleSessionName: name,
      ExternalId: env.externalId,
      SourceIdentity: user.id,
      DurationSeconds: SESSION_SECONDS,
      Tags: [{ Key: 'slack-user', Value: user.id }],
    });
    const response = await this.sts.send(command).catch((err: unknown) => {
      const what = err instanceof Error ? KNOWN_FAILURES[err.name] : undefined;
      throw what ? new RoleAssumptionError(env, what, { cause: err }) : err;
    });
    const credentials = response.Credentials;
    // Remembered before anything can fail, so no log line, message or error carries them.
    keepSecret(credentials?.AccessKeyId, credentials?.SecretAccessKey, credentials?.SessionToken);
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.Expiration) {
      // Not the response itself as the cause: it holds whatever credentials STS did send.
      const missing = (['AccessKeyId', 'SecretAccessKey', 'Expiration'] as const).filter(
        (field) => !credentials?.[field],
      );
      throw new RoleAssumptionError(env, 'STS returned no usable credentials', {
        cause: new Error(`its answer had no ${missing.join(', ')}`),
      });
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration,
    };
  }
}
