/**
 * How many times SQS delivers a job before moving it to the dead-letter queue. Must equal the jobs queue's
 * RedrivePolicy.maxReceiveCount in serverless.yml (the packaging test checks it): the worker announces a
 * failure as final on this attempt.
 */
export const JOB_MAX_RECEIVE_COUNT = 3;

/**
 * The longest text after a slash command blueshift reads. The longest real command (`/waf-exempt` with a CIDR and
 * a reason) is far shorter; anything longer is pasted or forged, is answered with usage and never queued, so a
 * job stays far inside SQS's 256 KB and a reason fits the messages that show it.
 */
export const COMMAND_TEXT_MAX = 2_000;
