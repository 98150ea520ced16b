import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One simulated network round trip (RT) on every call the functions make: AWS SDK calls answered by
 * aws-sdk-client-mock, the state table behind a delaying proxy, and Slack (the loopback fake's `latencyMs`).
 * The counters let a scenario say what its calls would cost one after another (`sumOfLatenciesMs`).
 */
export interface CallCounter {
  aws: number;
  dynamo: number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What aws-sdk-client-mock leaves on a client class's prototype: its sinon stub of `send`. */
interface Sendable {
  prototype: object;
}

type Send = (...args: unknown[]) => Promise<unknown>;

/**
 * Makes every mocked `send` of these client classes answer after `rt` ms. Call it after the last mockClient() of
 * a class: mockClient stubs the prototype's send, and this wraps that stub (its recorded calls stay as they are).
 */
export function delayMockedClients(classes: readonly Sendable[], rt: number, counter: CallCounter): void {
  for (const clientClass of classes) {
    const prototype = clientClass.prototype as { send: Send };
    const mocked = prototype.send;
    // Wrapped already (and its mock not restored since), or not mocked now: a real send must not be reached at all.
    if (DELAYED in mocked || !('restore' in mocked)) continue;
    const delayed = async function delayed(this: unknown, ...args: unknown[]) {
      counter.aws += 1;
      await sleep(rt);
      return mocked.apply(this, args);
    };
    prototype.send = Object.assign(delayed, { [DELAYED]: true });
  }
}

const DELAYED = Symbol('delayed by one round trip');

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** An HTTP proxy in front of `target` (dynalite) that answers each request `rt` ms later than the target did. */
export async function startDelayProxy(
  target: string,
  rt: number,
  counter: CallCounter,
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server = createServer((incoming, outgoing) => {
    void readBody(incoming).then(async (body) => {
      counter.dynamo += 1;
      await sleep(rt);
      const forward = httpRequest(
        { host: to.hostname, port: to.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on('error', (error) => outgoing.writeHead(502).end(String(error)));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
