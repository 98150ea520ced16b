import { describeMatrix, knownLimit } from './fault-matrix';
import {
  ciDeployStory,
  deployStory,
  rerouteStory,
  snoozeStory,
  statusStory,
  stopStory,
  wafApprovalStory,
} from './fault-stories';

jest.mock('../../lib/slack/web-client', () => {
  const actual = jest.requireActual<typeof import('../../lib/slack/web-client')>('../../lib/slack/web-client');
  const { WebClient } = jest.requireActual<typeof import('@slack/web-api')>('@slack/web-api');
  // Production's retries (how many, on what), without the real seconds between them.
  const fast = (url?: string) => {
    const options = actual.webClientOptions(url);
    return { ...options, retryConfig: { ...options.retryConfig, minTimeout: 0, maxTimeout: 0, factor: 1 } };
  };
  return {
    ...actual,
    webClientOptions: fast,
    createWebClient: (token: string, url?: string) => new WebClient(token, fast(url)),
  };
});

/**
 * The worker's fault matrix (printed after the run by test/reporters/summary.cjs): every AWS operation and Slack
 * method its jobs send, each failing as the matrix's faults do, with SQS redelivering as it would.
 */
jest.setTimeout(180_000);

describeMatrix(
  'worker',
  [
    statusStory,
    deployStory,
    { ...ciDeployStory, also: ['codedeploy:CreateDeployment', 'dynamodb:UpdateItem', 'slack:chat.postMessage'] },
    snoozeStory,
    { ...rerouteStory, also: ['slack:chat.postMessage', 'slack:chat.update'] },
    stopStory,
    { ...wafApprovalStory, also: ['slack:chat.postMessage', 'slack:response_url'] },
  ],
  [
    knownLimit(
      { story: /^(\/deploy|a CI request)/, op: /^dynamodb:UpdateItem$/, fault: /throttle|outage/ },
      'the progress message was posted but its ts could not be recorded: the retry posts it again (Slack has no idempotency key)',
    ),
    knownLimit(
      { story: /^a CI request/, op: /^dynamodb:UpdateItem$/, fault: /outage|denied/ },
      "the CI request's state is in the state table: while the table refuses writes it cannot change, so the CI job's wait ends at its --timeout; the audit channel hears at once (denied) or from the dead-letter alarm (outage)",
    ),
  ],
);
