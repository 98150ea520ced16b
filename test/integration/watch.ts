import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { DeployFlow } from './deploy-flow';

/**
 * The app behind the environment's public endpoint, on loopback: each path answers what the test sets, so a
 * story can make `/` answer 500 or `/admin` 403 after Reroute. Real HTTP, so the checks run through the real probe.
 */
export class AppEndpoint {
  readonly answers = new Map<string, { status: number; body: string }>();
  readonly requests: string[] = [];
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://app').pathname;
      this.requests.push(path);
      const answer = this.answers.get(path) ?? { status: 200, body: `<h1>${path}</h1> Log in` };
      response.writeHead(answer.status, { 'content-type': 'text/html' }).end(answer.body);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  answer(path: string, status: number, body = `status ${status}`): void {
    this.answers.set(path, { status, body });
  }

  reset(): void {
    this.answers.clear();
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * The integration configuration with web's checks in staging and prod pointing at the loopback app, written where
 * the harness reads it (relative to the repository). Returns that path.
 */
export function writeWatchConfig(port: number, onFailure: 'rollback' | 'ask', name: string): string {
  const base = readFileSync(join(__dirname, '..', 'fixtures', 'config', 'integration.yml'), 'utf8');
  const checks = ['staging', 'prod']
    .map(
      (env) => `      ${env}:
        watch: 10m
        onFailure: ${onFailure}
        http:
          - { url: "http://127.0.0.1:${port}/", name: "/", local: true, timeout: 2s }
          - { url: "http://127.0.0.1:${port}/admin", name: "/admin", expect: [200], contains: "Log in", local: true, timeout: 2s }`,
    )
    .join('\n');
  const config = base.replace('    alarmPrefix: edu-web-\n', `    alarmPrefix: edu-web-\n    checks:\n${checks}\n`);
  const dir = join(__dirname, '..', '..', 'test-results', 'watch');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.yml`), config);
  return `test-results/watch/${name}.yml`;
}

/**
 * carol deploys web to staging and dan reroutes: the deployment waits in its termination wait with blue warm, and
 * the watch has had its first look. `beforeTermination` runs just before traffic has moved (to break the app).
 */
export async function reroutedInStaging(
  flow: DeployFlow,
  beforeTermination: () => void = () => undefined,
): Promise<{ deploymentId: string; ts: string }> {
  await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
  const [deploymentId = ''] = flow.codedeploy.deployments.keys();
  const ts = flow.posts('C0STAGING01')[0]?.result?.ts as string;
  await flow.advance(deploymentId, 'start');
  await flow.advance(deploymentId, 'installed');
  await flow.click('deployment.reroute', deploymentId, 'U0DAN', 'C0STAGING01');
  await flow.advance(deploymentId, 'rerouting');
  beforeTermination();
  await flow.advance(deploymentId, 'termination-wait');
  await flow.drain();
  return { deploymentId, ts };
}
