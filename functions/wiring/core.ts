import type { WebClient } from '@slack/web-api';
import { configLoader, loadSlackSecrets, type ParameterSource } from '../../lib/config/load';
import { readSettings, required, type Settings } from '../../lib/config/settings';
import { createDocumentClient, dynamoTable } from '../../lib/aws/dynamodb';
import { ssmParameters } from '../../lib/aws/ssm';
import type { BlueshiftConfig } from '../../lib/config/schema';
import { slackReplies, type Replies } from '../../lib/slack/replies';
import { createWebClient } from '../../lib/slack/web-client';
import { createStateStore, type StateStore } from '../../lib/state/store';

/** What every function behind the queue and the event buses shares: settings, configuration, state and Slack. */
export interface CoreParts {
  settings: Settings;
  /** Parameter Store, when the configuration or the Slack secrets come from it. */
  parameters: ParameterSource | undefined;
  config: () => Promise<BlueshiftConfig>;
  store: StateStore;
  slack: WebClient;
  replies: Replies;
}

export async function createCoreParts(): Promise<CoreParts> {
  const settings = readSettings();
  const needsSsm = settings.config.kind === 'parameter' || settings.secrets.kind === 'parameters';
  const parameters = needsSsm ? ssmParameters() : undefined;
  const secrets = await loadSlackSecrets(settings.secrets, parameters);
  const slack = createWebClient(secrets.botToken, settings.slackApiUrl);
  const table = dynamoTable(createDocumentClient(), required(settings.stateTable, 'STATE_TABLE'));
  return {
    settings,
    parameters,
    config: configLoader(settings.config, parameters),
    store: createStateStore(table),
    slack,
    replies: slackReplies(slack),
  };
}
