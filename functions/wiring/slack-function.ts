import type { SlackAppDeps } from '../../handlers/slack/app';
import { configLoader, loadSlackSecrets, type SlackSecrets } from '../../lib/config/load';
import { readSettings, required } from '../../lib/config/settings';
import { sqsJobQueue } from '../../lib/aws/sqs';
import { ssmParameters } from '../../lib/aws/ssm';

/**
 * The slack function's clients: SQS to hand jobs over and SSM for config and secrets, nothing else, because
 * every module it loads is paid for in cold start, within Slack's 3 seconds.
 */
export function createSlackFunctionDeps(): { secrets: Promise<SlackSecrets>; deps: SlackAppDeps } {
  const settings = readSettings();
  const needsSsm = settings.config.kind === 'parameter' || settings.secrets.kind === 'parameters';
  const parameters = needsSsm ? ssmParameters() : undefined;
  const queue = sqsJobQueue(required(settings.jobsQueueUrl, 'JOBS_QUEUE_URL'));
  return {
    secrets: loadSlackSecrets(settings.secrets, parameters),
    deps: {
      config: configLoader(settings.config, parameters),
      queue,
      now: () => new Date(),
      slackApiUrl: settings.slackApiUrl,
    },
  };
}
