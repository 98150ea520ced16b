import type { BlueshiftConfig, CiPrincipalConfig } from '../../lib/config/schema';
import { roleArn, roleOfArn, sameRole, type RoleIdentity } from './roles';

/**
 * Who a CI deployment acts as. Not a Slack user: the IAM role the CI job signed with. Its id is the source identity
 * of the role sessions the bot opens for it in target accounts (`blueshift-ci-<role name>`, which the operator role's
 * trust policy accepts, and STS limits to 64 characters of [\w+=,.@-]), so CloudTrail names the CI role.
 */
export interface CiActor {
  id: string;
  name: string;
}

const CI_PREFIX = 'blueshift-ci-';

export function ciActor(role: RoleIdentity): CiActor {
  return { id: `${CI_PREFIX}${role.name}`.slice(0, 64), name: `ci-${role.name}` };
}

export function isCiActor(id: string): boolean {
  return id.startsWith(CI_PREFIX);
}

/** The role name a CI actor id carries (cut to fit the source identity's 64 characters). */
export function ciRoleName(id: string): string {
  return id.slice(CI_PREFIX.length);
}

export type CiAccess =
  | { allowed: true; principal: CiPrincipalConfig }
  | { allowed: false; code: 'not-configured' | 'environment-not-allowed'; reason: string };

const EXAMPLE_ENTRY = (role: string, env: string) => `{ role: ${role}, environments: [${env}] }`;

/** The configured principal for a role, if any. */
export function ciPrincipalOf(config: BlueshiftConfig, role: RoleIdentity): CiPrincipalConfig | undefined {
  return config.ci?.principals.find((principal) => {
    const configured = roleOfArn(principal.role);
    return configured !== undefined && sameRole(configured, role);
  });
}

/**
 * Whether a CI role may deploy to an environment: only roles listed under `ci.principals`, only to their
 * environments. The reasons name what to configure, and nothing else of the configuration (the caller may be anyone
 * with credentials in the account).
 */
export function authoriseCi(config: BlueshiftConfig, role: RoleIdentity, env: string): CiAccess {
  const principal = ciPrincipalOf(config, role);
  const arn = roleArn(role);
  if (!principal) {
    return {
      allowed: false,
      code: 'not-configured',
      reason: `the role ${arn} is not a CI principal of blueshift. To let it deploy, add ${EXAMPLE_ENTRY(arn, env || '<environment>')} under ci.principals in blueshift's configuration.`,
    };
  }
  if (!principal.environments.includes(env)) {
    return {
      allowed: false,
      code: 'environment-not-allowed',
      reason: `the role ${arn} may deploy to ${principal.environments.join(', ')} only, not to ${env}. Add ${env} to its environments under ci.principals in blueshift's configuration.`,
    };
  }
  return { allowed: true, principal };
}
