import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { EnvironmentConfig } from '../config/schema';
import type { SessionUser } from './role-sessions';

/** What every client of one environment's account is built from: its region and the role session's credentials. */
export interface AccountConnection {
  envName: string;
  env: EnvironmentConfig;
  // No endpoint here on purpose: the SDK's own settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, config
  // files) still apply, which is what the sandbox and local fakes rely on.
  clientConfig: { region: string; credentials: AwsCredentialIdentityProvider };
  /** The role session name its calls appear under in CloudTrail. */
  sessionName: string;
}

/** Each function's view of the target accounts: only the ports (and so the clients) it uses. */
export interface AccountsOf<A> {
  for(envName: string, env: EnvironmentConfig, user: SessionUser): A;
}

/**
 * Clients for each environment's account, as one Slack user (or SYSTEM_ACTOR for event-driven work), built by
 * `connect` on first use and kept per (environment, user) for the container's life, so warm invocations reuse both
 * the connections and the cached role session. A function's wiring passes a `connect` that builds only the clients
 * it calls, so its bundle leaves the others out (lib/aws/target-account.ts is the worker's, with all of them). Each
 * `connect` obtains the role session itself (`credentialsFor`): test/iam/scan.ts tells operator calls that way.
 */
export function accountsOf<A>(
  connect: (envName: string, env: EnvironmentConfig, user: SessionUser) => A,
): AccountsOf<A> {
  const accounts = new Map<string, A>();
  return {
    for(envName, env, user) {
      const key = `${envName}/${user.id}`;
      let account = accounts.get(key);
      if (!account) {
        account = connect(envName, env, user);
        accounts.set(key, account);
      }
      return account;
    },
  };
}
