import { describeMatrix, knownLimit } from './fault-matrix';
import { creditStory, expireStory, lockExpiryStory, reenableStory, refreshStory, revertStory } from './fault-stories';

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
 * The sweeper's fault matrix (printed after the run by test/reporters/summary.cjs): every AWS operation and Slack
 * method its duties send, each failing as the matrix's faults do, with the sweeper running again every minute.
 */
jest.setTimeout(180_000);

describeMatrix(
  'sweeper',
  [expireStory, creditStory, refreshStory, reenableStory, revertStory, lockExpiryStory],
  [
    knownLimit(
      { op: /^dynamodb:/, fault: /outage|denied/ },
      'the state table failing or refusing: the sweeper can neither read what is due nor record what it did; it logs and tries again every minute',
    ),
    knownLimit(
      { story: /CPU-credit/, fault: /outage/ },
      'the credit watch is advisory: an outage is logged and looked at again in 5 minutes (a permission missing is announced)',
    ),
    knownLimit(
      { story: /^expire/, op: /^dynamodb:UpdateItem$/, fault: /timeout/ },
      'an expiry written whose answer was lost: the next sweep finds the request decided and tells nobody (the record says expired)',
    ),
    knownLimit(
      { story: /^expire/, op: /^slack:chat\.update$/, fault: /denied/ },
      'the approval message is edited once, not retried: the requester and the audit channel are told; a late click hears it expired',
    ),
    knownLimit(
      { story: /^re-enable/, op: /^slack:chat\.postMessage$/, fault: /outage|denied/ },
      'the actions are on again; only the thread reply saying so is retried every minute, and logged while Slack refuses it',
    ),
    knownLimit(
      { story: /^lift an expired/, op: /^slack:chat\.postMessage$/, fault: /outage|denied/ },
      'the lock is out of force at its end whatever Slack does; only the message saying so waits, retried every minute and logged while Slack refuses it',
    ),
    knownLimit(
      { story: /^revert/, op: /^slack:chat\.postMessage$/ },
      'reverted in WAF either way; the announcement is not retried when Slack refuses it (the audit log in the table has the revert)',
    ),
    knownLimit(
      { story: /^revert/, op: /^dynamodb:DeleteItem$/ },
      'reverted in WAF, but its record could not be removed: announced as a failed revert naming DeleteItem and retried (a no-op) each minute; after a timeout that did remove it, not announced',
    ),
  ],
);
