import type { WebClient } from '@slack/web-api';
import type { WorkerDeps } from '../../handlers/jobs/deps';
import { configLoader, loadSlackSecrets } from '../config/load';
import { readSettings, required } from '../config/settings';
import { slackReplies } from '../slack/replies';
import { slackDirectory } from '../slack/user-groups';
import { createWebClient } from '../slack/web-client';
import { createStateStore } from '../state/store';
import { createDocumentClient, dynamoTable } from './dynamodb';
import { describeAwsError } from './errors';
import { ssmParameters } from './ssm';
import { targetAccounts } from './target-account';

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
  const deps: WorkerDeps = {
    config: configLoader(settings.config, parameters),
    store: createStateStore(table),
    replies: slackReplies(client),
    directory: slackDirectory(client),
    targets: targetAccounts(),
    describeError: describeAwsError,
    now: () => new Date(),
  };
  return { deps, slack: client };
}
