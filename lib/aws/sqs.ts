import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Job, JobQueue } from '../../commands/job';

/** The jobs queue: one SQS message per job, its body the job's JSON. */
export function sqsJobQueue(queueUrl: string, client = new SQSClient({})): JobQueue {
  return {
    async send(job: Job, options = {}) {
      const { delaySeconds } = options;
      await client.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(job), DelaySeconds: delaySeconds }),
      );
    },
  };
}
