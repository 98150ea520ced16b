// Bolt's App and Lambda receiver are imported by path, not from '@slack/bolt': the package index loads the
// Express, HTTP and Socket Mode receivers too, which the slack function never uses (docs/decisions/0003).
import App from '@slack/bolt/dist/App';
import AwsLambdaReceiver, { type AwsHandler } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { SlackSecrets } from '../../lib/config/load';
import { webClientOptions } from '../../lib/slack/web-client';
import { slackDirectory } from '../../lib/slack/user-groups';
import { register as registerActions } from './actions';
import { slackLogger } from '../../lib/slack/slack-logger';
import { register as registerCommands, type CommandListenerDeps } from './commands';
import { rejectReplays } from './replay-guard';
import { guardRequests } from './request-guard';

export interface SlackAppDeps extends Omit<CommandListenerDeps, 'directory'> {
  slackApiUrl: string | undefined;
}

/**
 * The slack function's request handler: the request guard lets through only what Slack signed for this workspace
 * and app, in shapes the listeners take, its signature verified once, there; listeners answer within 3 seconds.
 */
export async function createSlackHandler(secrets: SlackSecrets, deps: SlackAppDeps): Promise<AwsHandler> {
  // The request guard below verifies every request's signature (and more strictly) before Bolt sees it, so
  // Bolt's second HMAC over the same body would only repeat it on every ack (docs/decisions/0029-lean-bundles.md).
  const receiver = new AwsLambdaReceiver({
    signingSecret: secrets.signingSecret,
    signatureVerification: false,
    logger: slackLogger(),
  });
  const clientOptions = webClientOptions(deps.slackApiUrl);
  // A fixed authorize instead of `token`: with a token Bolt calls auth.test on a container's first request, a
  // Slack round trip inside the 3-second window, only to learn bot IDs that `ignoreSelf` needs for events
  // this app does not subscribe to.
  const app = new App({
    receiver,
    clientOptions,
    authorize: () => Promise.resolve({ botToken: secrets.botToken }),
    ignoreSelf: false,
    // No listener keeps conversation state; Bolt's in-memory store would otherwise run on every request.
    convoStore: false,
    logger: slackLogger(),
  });
  const directory = slackDirectory(app.client);
  registerCommands(app, { ...deps, directory });
  registerActions(app, { ...deps, directory });
  return guardRequests(rejectReplays(await receiver.start()), {
    signingSecret: secrets.signingSecret,
    config: deps.config,
    now: deps.now,
  });
}
