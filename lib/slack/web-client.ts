import { WebClient, type WebClientOptions } from '@slack/web-api';
import { slackLogger } from './slack-logger';

/**
 * Options for the bot's Web API clients. `slackApiUrl` points them elsewhere (GovSlack, the sandbox, test
 * fakes). Rate-limited calls are retried after Retry-After a few times only: on Lambda, web-api's default
 * (ten retries over thirty minutes) would outlive the invocation.
 */
export function webClientOptions(slackApiUrl?: string): WebClientOptions {
  const base = slackApiUrl ? `${slackApiUrl.replace(/\/+$/, '')}/` : undefined;
  return {
    ...(base ? { slackApiUrl: base } : {}),
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    timeout: 10_000,
    logger: slackLogger(),
  };
}

export function createWebClient(botToken: string, slackApiUrl?: string): WebClient {
  return new WebClient(botToken, webClientOptions(slackApiUrl));
}
