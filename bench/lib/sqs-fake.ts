import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';

/**
 * A loopback stand-in for SQS SendMessage, enough for @aws-sdk/client-sqs: it speaks the awsJson1_0 protocol
 * (POST, `X-Amz-Target: AmazonSQS.SendMessage`, JSON body) and its send-message middleware rejects the reply
 * unless `MD5OfMessageBody` is the hex MD5 of the MessageBody it sent.
 */
export interface SqsFake {
  /** For AWS_ENDPOINT_URL_SQS. */
  endpoint: string;
  /** For JOBS_QUEUE_URL. */
  queueUrl: string;
  /** How many messages were accepted so far. */
  sent(): number;
  close(): Promise<void>;
}

const sendMessage = z.object({ QueueUrl: z.string(), MessageBody: z.string() });
const JSON_1_0 = 'application/x-amz-json-1.0';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': JSON_1_0 }).end(JSON.stringify(body));
}

async function answer(request: IncomingMessage, response: ServerResponse, accepted: () => void): Promise<void> {
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || target !== 'AmazonSQS.SendMessage') {
    reply(response, 400, {
      __type: 'com.amazonaws.sqs#InvalidAction',
      message: `bench SQS fake: ${String(target)} not supported`,
    });
    return;
  }
  const input = sendMessage.safeParse(JSON.parse(await readBody(request)));
  if (!input.success) {
    reply(response, 400, { __type: 'com.amazonaws.sqs#MissingParameter', message: input.error.message });
    return;
  }
  accepted();
  const md5 = createHash('md5').update(input.data.MessageBody, 'utf8').digest('hex');
  reply(response, 200, { MessageId: randomUUID(), MD5OfMessageBody: md5 });
}

export async function startSqsFake(): Promise<SqsFake> {
  let count = 0;
  const server = createServer((request, response) => {
    answer(request, response, () => (count += 1)).catch((error: unknown) => {
      reply(response, 500, { __type: 'com.amazonaws.sqs#InternalError', message: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    queueUrl: `${endpoint}/queue`,
    sent: () => count,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
