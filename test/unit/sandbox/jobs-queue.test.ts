import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { QUEUE_URL, startJobsQueue, type JobsQueue } from '../../../sandbox/runtime/jobs-queue';

const send = (body: string) =>
  new SQSClient({ region: 'ap-northeast-2' }).send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: body }));
const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
};

let queue: JobsQueue | undefined;
afterEach(() => queue?.stop());

describe('the sandbox jobs queue', () => {
  it('delivers what the slack function sends as SQS events, and redelivers reported failures up to the redrive limit', async () => {
    // Prepare: a worker that always fails the job called "bad"
    const deliveries: { body: string; count: string }[] = [];
    const worker = (event: SQSEvent): Promise<SQSBatchResponse> => {
      deliveries.push(...event.Records.map((r) => ({ body: r.body, count: r.attributes.ApproximateReceiveCount })));
      return Promise.resolve({
        batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })),
      });
    };
    queue = startJobsQueue({ worker }, () => undefined, 1);
    // Act
    await send('good');
    await send('bad');
    await until(() => queue?.deadLetters.length === 1);
    // Assess
    expect(deliveries.filter((d) => d.body === 'good')).toEqual([{ body: 'good', count: '1' }]);
    expect(deliveries.filter((d) => d.body === 'bad').map((d) => d.count)).toEqual(['1', '2', '3']);
    expect(queue.deadLetters.map((m) => m.body)).toEqual(['bad']);
  });
});
