import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { CiDeploymentReader } from '../../commands/ci/state';
import { getDeployment } from './codedeploy-control-detail';
import type { RoleSessions } from './role-sessions';

/**
 * Reads a deployment in its environment's account as the CI role that asked for it (the source identity CloudTrail
 * there shows), with only a CodeDeploy client: the ci function needs nothing else of the account.
 */
export function ciDeploymentReader(sessions: RoleSessions): CiDeploymentReader {
  const clients = new Map<string, CodeDeployClient>();
  return {
    async facts(envName, env, actor, deploymentId) {
      const key = `${envName}/${actor.id}`;
      let client = clients.get(key);
      if (!client) {
        const { provider } = sessions.credentialsFor({ ...env, name: envName }, actor);
        client = new CodeDeployClient({ region: env.region, credentials: provider });
        clients.set(key, client);
      }
      const detail = await getDeployment(client, deploymentId);
      return {
        status: detail.status,
        rolledBackBy: detail.rollback?.rollbackDeploymentId,
        error: detail.error ? `${detail.error.code}: ${detail.error.message}` : undefined,
      };
    },
  };
}
