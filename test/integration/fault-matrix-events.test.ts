import { describeMatrix, knownLimit } from './fault-matrix';
import {
  adoptStory,
  alarmOpenStory,
  alarmResolveStory,
  deployFailureStory,
  scaleOutFailureStory,
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
 * deployEvents' and alarmEvents' fault matrix (printed after the run by test/reporters/summary.cjs): every AWS
 * operation and Slack method they send, each failing as the matrix's faults do, with Lambda's two retries and the
 * on-failure destination.
 */
jest.setTimeout(180_000);

describeMatrix(
  'events',
  [alarmOpenStory, alarmResolveStory, deployFailureStory, adoptStory, scaleOutFailureStory],
  [
    knownLimit(
      { story: /^ALARM/, op: /^dynamodb:UpdateItem$/, fault: /throttle|outage/ },
      'the alarm message was posted but its ts could not be recorded: the retry posts it again (Slack has no idempotency key)',
    ),
    knownLimit(
      { story: /started outside Slack/, op: /^dynamodb:UpdateItem$/, fault: /throttle/ },
      'the progress message was posted but its ts could not be recorded: once the claim ran out, the retry posts it again (Slack has no idempotency key)',
    ),
  ],
);
