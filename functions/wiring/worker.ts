import { accountsIn, type WorkerDeps } from '../../handlers/jobs/deps';
import { required } from '../../lib/config/settings';
import { slackDirectory } from '../../lib/slack/user-groups';
import { describeAwsError } from '../../lib/aws/errors';
import { ssmParameters } from '../../lib/aws/ssm';
import { botRoleSessions } from '../../lib/aws/role-sessions';
import { targetAccounts } from '../../lib/aws/target-account';
import { sqsJobQueue } from '../../lib/aws/sqs';
import { httpProbe } from '../../lib/http/http-probe';
import { githubComparer } from '../../lib/github/compare';
import { parameterTokens } from '../../lib/github/tokens';
import { createCoreParts } from './core';

/**
 * The worker's clients and stores (also the deployEvents and sweeper functions', which run the worker's
 * features), created once per container and shared by every job it runs.
 */
export async function createWorkerDeps(): Promise<WorkerDeps> {
  const { settings, parameters, config, store, slack, replies } = await createCoreParts();
  return {
    config,
    store,
    replies,
    directory: slackDirectory(slack),
    account: accountsIn(config, targetAccounts(botRoleSessions())),
    describeError: describeAwsError,
    now: () => new Date(),
    queue: sqsJobQueue(required(settings.jobsQueueUrl, 'JOBS_QUEUE_URL')),
    probe: httpProbe(),
    // GitHub tokens are SecureStrings like the Slack secrets, read (and cached) only when an app configures one.
    github: githubComparer({ tokens: parameterTokens(parameters ?? ssmParameters()) }),
  };
}
