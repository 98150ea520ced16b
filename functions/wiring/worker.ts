import type { WebClient } from '@slack/web-api';
import { accountsIn, type WorkerDeps } from '../../handlers/jobs/deps';
import { configLoader, loadSlackSecrets } from '../../lib/config/load';
import { readSettings, required } from '../../lib/config/settings';
import { slackReplies } from '../../lib/slack/replies';
import { slackDirectory } from '../../lib/slack/user-groups';
import { createWebClient } from '../../lib/slack/web-client';
import { createStateStore } from '../../lib/state/store';
import { createDocumentClient, dynamoTable } from '../../lib/aws/dynamodb';
import { describeAwsError } from '../../lib/aws/errors';
import { ssmParameters } from '../../lib/aws/ssm';
import { botRoleSessions } from '../../lib/aws/role-sessions';
import { targetAccounts } from '../../lib/aws/target-account';
import { sqsJobQueue } from '../../lib/aws/sqs';
import { httpProbe } from '../../lib/http/http-probe';
import { githubComparer } from '../../lib/github/compare';
import { parameterTokens } from '../../lib/github/tokens';

/** The worker's clients and stores, created once per container and shared by every job it runs. */
export async function createWorkerDeps(): Promise<WorkerDeps> {
  return (await createWorkerParts()).deps;
}

/** The worker's dependencies and the Slack Web API client behind them, for functions that need more of Slack. */
export async function createWorkerParts(): Promise<{ deps: WorkerDeps; slack: WebClient }> {
  const settings = readSettings();
  const needsSsm = settings.config.kind === 'parameter' || settings.secrets.kind === 'parameters';
  const parameters = needsSsm ? ssmParameters() : undefined;
  const secrets = await loadSlackSecrets(settings.secrets, parameters);
  const client = createWebClient(secrets.botToken, settings.slackApiUrl);
  const table = dynamoTable(createDocumentClient(), required(settings.stateTable, 'STATE_TABLE'));
  const config = configLoader(settings.config, parameters);
  const deps: WorkerDeps = {
    config,
    store: createStateStore(table),
    replies: slackReplies(client),
    directory: slackDirectory(client),
    account: accountsIn(config, targetAccounts(botRoleSessions())),
    describeError: describeAwsError,
    now: () => new Date(),
    queue: sqsJobQueue(required(settings.jobsQueueUrl, 'JOBS_QUEUE_URL')),
    probe: httpProbe(),
    // GitHub tokens are SecureStrings like the Slack secrets, read (and cached) only when an app configures one.
    github: githubComparer({ tokens: parameterTokens(parameters ?? ssmParameters()) }),
  };
  return { deps, slack: client };
}
