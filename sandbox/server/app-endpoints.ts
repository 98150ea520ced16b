import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppAnswer } from '../aws/app-traffic';
import { VISITOR_COUNTRY } from '../aws/waf';
import type { SeenRequest } from '../aws/waf-samples';

/** One deployment group's public endpoint: its load balancer, as the HTTP checks reach it. */
export interface AppEndpoint {
  deploymentGroup: string;
  url: string;
  port: number;
}

export interface AppEndpoints {
  endpoints: AppEndpoint[];
  close(): Promise<void>;
}

/** `::ffff:127.0.0.1` is how Node names an IPv4 peer on a dual-stack socket; WAF names it as IPv4. */
const clientIp = (request: IncomingMessage): string =>
  (request.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.)/, '');

function seen(request: IncomingMessage): SeenRequest {
  const headers: SeenRequest['headers'] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2)
    headers.push({ Name: request.rawHeaders[i], Value: request.rawHeaders[i + 1] });
  return {
    uri: request.url ?? '/',
    method: request.method ?? 'GET',
    clientIp: clientIp(request),
    country: VISITOR_COUNTRY,
    httpVersion: `HTTP/${request.httpVersion}`,
    headers,
  };
}

async function listenOne(
  deploymentGroup: string,
  serve: (deploymentGroup: string, request: SeenRequest) => AppAnswer,
  log: (line: string) => void,
): Promise<{ endpoint: AppEndpoint; server: Server }> {
  const server = createServer((request, response) => {
    try {
      const answer = serve(deploymentGroup, seen(request));
      response.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : answer.body);
    } catch (error) {
      log(`app endpoint of ${deploymentGroup} failed on ${request.url ?? ''}: ${String(error)}`);
      response.writeHead(502, { 'content-type': 'text/plain' }).end('502 Bad Gateway');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: { deploymentGroup, url: `http://127.0.0.1:${port}`, port }, server };
}

/**
 * A loopback HTTP server per deployment group, each on a free port, standing for the group's load balancer: the
 * simulated account answers every request (`serve`: the web ACL, then the revision serving the group's traffic).
 * The sandbox's configuration points the app's checks at them (sandbox/app-config.ts).
 */
export async function startAppEndpoints(
  deploymentGroups: readonly string[],
  serve: (deploymentGroup: string, request: SeenRequest) => AppAnswer,
  log: (line: string) => void,
): Promise<AppEndpoints> {
  const started = await Promise.allSettled(deploymentGroups.map((group) => listenOne(group, serve, log)));
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.server] : []));
  const close = () =>
    Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    ).then(() => undefined);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return {
    endpoints: started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.endpoint] : [])),
    close,
  };
}
