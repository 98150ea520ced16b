import { createHash, randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { JOB_MAX_RECEIVE_COUNT } from '../../lib/config/limits';
import { TIMEOUT_MS, type BotFunctions } from './functions';
import { lambdaContext } from './lambda-context';

export const QUEUE_ARN = 'arn:aws:sqs:ap-northeast-2:999999999999:blueshift-sandbox-jobs';
export const QUEUE_URL = 'https://sqs.ap-northeast-2.amazonaws.com/999999999999/blueshift-sandbox-jobs';

/** serverless.yml: batchSize 10, maximumBatchingWindow 0. */
const BATCH_SIZE = 10;
/** A failed message comes back when its visibility timeout ends: 720 s on AWS, sped up here. */
export const RETRY_DELAY_MS = 1_500;

interface Message {
  messageId: string;
  body: string;
  sentAt: number;
  firstReceivedAt?: number;
  receiveCount: number;
}

export interface JobsQueue {
  /** Messages that failed on their last delivery: what the dead-letter queue would hold. */
  deadLetters: readonly Message[];
  stop(): void;
}

function record(message: Message): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `sandbox-${message.messageId}-${message.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'AROASANDBOX:blueshift-sandbox-slack',
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'ap-northeast-2',
  };
}

/**
 * The jobs queue in-process: the slack function's SendMessage (its real SQSClient, stubbed at `send`) queues a
 * message, and the worker gets it as Lambda's SQS poller delivers it: in batches, as real SQS events, with
 * ApproximateReceiveCount; the records it reports in batchItemFailures come back after a delay, up to
 * JOB_MAX_RECEIVE_COUNT deliveries (the redrive policy), then go to the dead-letter queue.
 */
export function startJobsQueue(
  functions: Pick<BotFunctions, 'worker'>,
  log: (line: string) => void,
  retryDelayMs = RETRY_DELAY_MS,
): JobsQueue {
  const waiting: Message[] = [];
  const deadLetters: Message[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const deliver = async (batch: Message[]) => {
    const now = Date.now();
    for (const message of batch) {
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
    }
    let failed: Set<string>;
    try {
      const event: SQSEvent = { Records: batch.map(record) };
      const result = await functions.worker(event, lambdaContext('worker', TIMEOUT_MS.worker));
      failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch (error) {
      log(`worker failed on a whole batch: ${String(error)}`);
      failed = new Set(batch.map((message) => message.messageId));
    }
    for (const message of batch.filter((candidate) => failed.has(candidate.messageId))) {
      if (message.receiveCount >= JOB_MAX_RECEIVE_COUNT) {
        deadLetters.push(message);
        log(`job ${message.messageId} failed ${message.receiveCount} times: moved to the dead-letter queue`);
      } else if (!stopped) later(retryDelayMs, () => enqueue(message));
    }
  };

  const poll = () => {
    if (stopped) return;
    while (waiting.length) void deliver(waiting.splice(0, BATCH_SIZE));
  };

  const enqueue = (message: Message) => {
    waiting.push(message);
    if (waiting.length === 1) later(0, poll);
  };

  const sqs = mockClient(SQSClient);
  sqs.on(SendMessageCommand).callsFake((input: { MessageBody?: string; DelaySeconds?: number }) => {
    const messageId = randomUUID();
    const message = { messageId, body: input.MessageBody ?? '', sentAt: Date.now(), receiveCount: 0 };
    // DelaySeconds as SQS does it: the message is hidden that long (the watch after Reroute looks every 30 s).
    if (input.DelaySeconds) later(input.DelaySeconds * 1000, () => enqueue(message));
    else enqueue(message);
    return {
      MessageId: messageId,
      MD5OfMessageBody: createHash('md5')
        .update(input.MessageBody ?? '')
        .digest('hex'),
    };
  });

  return {
    deadLetters,
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      sqs.restore();
    },
  };
}
