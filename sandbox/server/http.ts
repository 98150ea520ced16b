import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { json, type Reply } from './io';

export type RouteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  params: string[],
  url: URL,
) => Promise<Reply> | Reply;

export interface Route {
  method: 'GET' | 'POST';
  /** Matched against the whole path; capture groups become `params`. */
  path: RegExp;
  handle: RouteHandler;
}

/** The port is taken: said in words a person can act on. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    options?: ErrorOptions,
  ) {
    super(
      `Port ${port} on 127.0.0.1 is already in use (another \`npm start\`?). Stop that program, or pick another port: PORT=${port + 1} npm start`,
      options,
    );
  }
}

export interface HttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Only requests addressed to this machine's own name (not a rebound DNS name), and, when a browser says which
 * page sent them, sent by the console itself: another site's script can POST here without a CORS preflight.
 */
function fromThisMachine(request: IncomingMessage, port: number): boolean {
  const names = [`127.0.0.1:${port}`, `localhost:${port}`];
  const { host = '', origin } = request.headers;
  return names.includes(host) && (origin === undefined || names.some((name) => origin === `http://${name}`));
}

/** One HTTP server on 127.0.0.1 for the console, its API and the Slack Web API emulator. */
export async function listen(routes: readonly Route[], port: number, log: (line: string) => void): Promise<HttpServer> {
  let actualPort = port;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${actualPort}`);
    const route = routes.find((candidate) => candidate.method === request.method && candidate.path.test(url.pathname));
    const params = route
      ? (route.path.exec(url.pathname) ?? []).slice(1).map((param) => decodeURIComponent(param))
      : [];
    const answer = async (): Promise<Reply> => {
      if (!fromThisMachine(request, actualPort)) return json(403, { ok: false, error: 'wrong_host' });
      return route ? route.handle(request, response, params, url) : json(404, { ok: false, error: 'not_found' });
    };
    answer()
      .then((reply) => {
        if (reply !== 'streaming')
          response
            .writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store' })
            .end(reply.body);
      })
      .catch((error: unknown) => {
        log(
          `${request.method ?? ''} ${url.pathname} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        if (!response.headersSent)
          response.writeHead(500, { 'content-type': 'application/json' }).end('{"ok":false,"error":"internal_error"}');
        else response.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, { cause: error }) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open event streams and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
