import type { CiFunctionDeps } from '../../handlers/ci/deps';
import { configLoader } from '../../lib/config/load';
import { readSettings, required } from '../../lib/config/settings';
import { ciDeploymentReader } from '../../lib/aws/ci-deployments';
import { createDocumentClient, dynamoTable } from '../../lib/aws/dynamodb';
import { botRoleSessions } from '../../lib/aws/role-sessions';
import { sqsJobQueue } from '../../lib/aws/sqs';
import { ssmParameters } from '../../lib/aws/ssm';
import { ciRequestRecords } from '../../lib/state/ci-requests';
import { requestRecords } from '../../lib/state/requests';

/**
 * The ci function's clients: the configuration, the state table (its CI requests and approvals), the jobs queue,
 * and CodeDeploy in the target accounts as the CI role. No Slack: the worker speaks to Slack.
 */
export function createCiFunctionDeps(): CiFunctionDeps {
  const settings = readSettings();
  const parameters = settings.config.kind === 'parameter' ? ssmParameters() : undefined;
  const table = dynamoTable(createDocumentClient(), required(settings.stateTable, 'STATE_TABLE'));
  return {
    config: configLoader(settings.config, parameters),
    requests: ciRequestRecords(table),
    approvals: requestRecords(table),
    queue: sqsJobQueue(required(settings.jobsQueueUrl, 'JOBS_QUEUE_URL')),
    deployments: ciDeploymentReader(botRoleSessions()),
    now: () => new Date(),
  };
}
