/**
 * How many times SQS delivers a job before moving it to the dead-letter queue. Must equal the jobs queue's
 * RedrivePolicy.maxReceiveCount in serverless.yml (the packaging test checks it): the worker announces a
 * failure as final on this attempt.
 */
export const JOB_MAX_RECEIVE_COUNT = 3;
