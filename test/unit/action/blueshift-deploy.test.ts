import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifySigV4, type ReceivedRequest } from './sigv4-verifier';

// The GitHub Action's script (.github/actions/blueshift-deploy) run as the composite action runs it, against a
// loopback server speaking blueshift's CI routes: every request must be SigV4-signed for execute-api with the role's
// credentials, and the exit code must say how the deployment ended.

const SCRIPT = resolve(__dirname, '..', '..', '..', '.github', 'actions', 'blueshift-deploy', 'src', 'main.mjs');
const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE01',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
};
const ID = 'ci-0123456789abcdef0123';
// README "Deploying from CI": 0 succeeded, 1 failed or rolled back, 2 usage, 3 refused, 4 rejected or expired,
// 5 timed out, 6 blueshift could not be reached.
const EXIT = { succeeded: 0, failed: 1, usage: 2, refused: 3, notApproved: 4, timedOut: 5, unreachable: 6 };

interface Reply {
  status: number;
  body: unknown;
}

/** blueshift's CI routes on loopback: POSTs get `post` replies in turn, GETs `states` in turn (the last repeats). */
class FakeBlueshift {
  readonly received: ReceivedRequest[] = [];
  private server: Server | undefined;
  private posts: Reply[] = [];
  private gets: Reply[] = [];

  script(posts: Reply[], gets: Reply[] = []): this {
    this.posts = [...posts];
    this.gets = [...gets];
    return this;
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      void this.answer(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    this.server = server;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private async answer(request: IncomingMessage): Promise<Reply> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.received.push(received);
    // As API Gateway does for an AWS_IAM route: no valid signature, no route.
    if (!verifySigV4(received, CREDENTIALS.AWS_SECRET_ACCESS_KEY).valid)
      return { status: 403, body: { message: 'Forbidden' } };
    if (received.method === 'POST' && received.path === '/ci/deployments')
      return this.posts.shift() ?? { status: 500, body: {} };
    if (received.method === 'GET' && received.path === `/ci/deployments/${ID}`)
      return (this.gets.length > 1 ? this.gets.shift() : this.gets[0]) ?? { status: 500, body: {} };
    return { status: 404, body: { message: 'Not Found' } };
  }

  async stop(): Promise<void> {
    await new Promise((done) => this.server?.close(done));
  }
}

const state = (name: string, extra: Record<string, unknown> = {}): Reply => ({
  status: 200,
  body: { id: ID, state: name, app: 'web', env: 'prod', revision: 'v42', ...extra },
});
const accepted: Reply = { status: 202, body: { ...(state('queued').body as object) } };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: string;
}

/** `node main.mjs <args>` as the composite action runs it, in a GitHub Actions-like environment. */
async function run(url: string, args: string[], env: Record<string, string> = CREDENTIALS): Promise<Run> {
  const outputFile = join(mkdtempSync(join(tmpdir(), 'blueshift-action-')), 'output');
  const child = spawn(process.execPath, [SCRIPT, ...args, '--url', url, '--region', 'ap-northeast-2'], {
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: 'true',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'octo-org/web',
      GITHUB_RUN_ID: '1001',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_SHA: '3f7c0a1b2c3d4e5f60718293a4b5c6d7e8f90123',
      GITHUB_ACTOR: 'octocat',
      GITHUB_OUTPUT: outputFile,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  let outputs = '';
  try {
    outputs = readFileSync(outputFile, 'utf8');
  } catch {
    // no output written
  }
  return { code, stdout, stderr, outputs };
}

const WAIT = ['deploy', 'web', 'prod', 'v42', '--wait', '--interval', '5ms', '--timeout', '10s'];

let fake: FakeBlueshift;
let url: string;

beforeEach(async () => {
  fake = new FakeBlueshift();
  url = await fake.start();
});
afterEach(async () => {
  await fake.stop();
});

describe('the blueshift-deploy action', () => {
  it('signs every request with SigV4 for execute-api, session token included, and posts what the run is', async () => {
    // Prepare
    fake.script([accepted], [state('running'), state('succeeded', { deploymentId: 'd-42' })]);
    // Act
    const result = await run(url, WAIT);
    // Assess
    expect(result.code).toBe(EXIT.succeeded);
    expect(fake.received.length).toBeGreaterThanOrEqual(3);
    for (const request of fake.received) {
      const verdict = verifySigV4(request, CREDENTIALS.AWS_SECRET_ACCESS_KEY);
      expect(verdict).toMatchObject({
        wellFormed: true,
        valid: true,
        accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID,
        region: 'ap-northeast-2',
        service: 'execute-api',
      });
      expect(verdict.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']));
      expect(request.headers['x-amz-security-token']).toBe(CREDENTIALS.AWS_SESSION_TOKEN);
    }
    // The check is a check: another secret, or a body changed on the way, does not verify.
    expect(verifySigV4(fake.received[0]!, 'another-secret').valid).toBe(false);
    expect(verifySigV4({ ...fake.received[0]!, body: '{}' }, CREDENTIALS.AWS_SECRET_ACCESS_KEY).valid).toBe(false);
    expect(JSON.parse(fake.received[0]!.body)).toEqual({
      app: 'web',
      env: 'prod',
      revision: 'v42',
      idempotencyKey: 'gh-1001-2-web-prod-v42',
      commit: '3f7c0a1b2c3d4e5f60718293a4b5c6d7e8f90123',
      actor: 'octocat',
      runUrl: 'https://github.com/octo-org/web/actions/runs/1001',
    });
    expect(result.outputs).toContain(`id=${ID}\n`);
    expect(result.outputs).toContain('state=succeeded\ndeployment-id=d-42\n');
  });

  it('prints each state change once, through an approval, and exits 0 when the deployment succeeded', async () => {
    // Prepare
    fake.script(
      [accepted],
      [
        state('awaiting-approval', { reason: 'waiting for an approver in Slack' }),
        state('awaiting-approval', { reason: 'waiting for an approver in Slack' }),
        state('queued', { reason: 'approved in Slack by U0BOB; starting' }),
        state('running', { deploymentId: 'd-42' }),
        state('ready', { deploymentId: 'd-42', reason: 'green is ready: waiting for Reroute traffic in Slack' }),
        state('running', { deploymentId: 'd-42' }),
        state('succeeded', { deploymentId: 'd-42' }),
      ],
    );
    // Act
    const result = await run(url, WAIT);
    // Assess
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.replace(/^\d\d:\d\d:\d\d blueshift: /, ''));
    expect(lines).toEqual([
      'deploy web prod v42 (key gh-1001-2-web-prod-v42)',
      `request ${ID}: queued`,
      'awaiting-approval: waiting for an approver in Slack',
      'queued: approved in Slack by U0BOB; starting',
      'running (d-42)',
      'ready (d-42): green is ready: waiting for Reroute traffic in Slack',
      'running (d-42)',
      'succeeded (d-42)',
    ]);
    expect(result.code).toBe(EXIT.succeeded);
  });

  it.each<[string, Reply, number]>([
    ['refused', state('refused', { reason: '`web prod` is locked by Slack user U0ALICE' }), EXIT.refused],
    ['rejected', state('rejected', { reason: 'rejected in Slack by U0BOB' }), EXIT.notApproved],
    ['expired', state('expired', { reason: 'no approver answered within 30 minutes' }), EXIT.notApproved],
    ['failed', state('failed', { deploymentId: 'd-42', reason: 'CodeDeploy ended it failed' }), EXIT.failed],
    ['rolled-back', state('rolled-back', { deploymentId: 'd-42' }), EXIT.failed],
  ])('exits non-zero when the deployment ends %s, saying why as an error annotation', async (name, end, code) => {
    // Prepare
    fake.script([accepted], [state('running'), end]);
    // Act
    const result = await run(url, WAIT);
    // Assess
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(`::error title=blueshift::${name}`);
  });

  it('exits 3 when blueshift refuses the request itself, with its message', async () => {
    // Prepare
    fake.script([
      {
        status: 403,
        body: {
          error: 'not-configured',
          message: 'the role … is not a CI principal of blueshift. To let it deploy, add …',
        },
      },
    ]);
    // Act
    const result = await run(url, WAIT);
    // Assess
    expect(result.code).toBe(EXIT.refused);
    expect(result.stderr).toContain('refused (403): the role … is not a CI principal of blueshift');
    expect(fake.received).toHaveLength(1);
  });

  it('retries a POST blueshift could not answer with the same key, and stops after taking it without --wait', async () => {
    // Prepare
    fake.script([{ status: 503, body: { error: 'unavailable', message: 'retry' } }, accepted]);
    // Act
    const result = await run(url, ['deploy', 'web', 'prod', 'v42', '--interval', '5ms', '--key', 'release-42-prod']);
    // Assess
    expect(result.code).toBe(EXIT.succeeded);
    const keys = fake.received.map(
      (request) => (JSON.parse(request.body) as { idempotencyKey: string }).idempotencyKey,
    );
    expect(keys).toEqual(['release-42-prod', 'release-42-prod']);
    expect(result.stdout).toContain(`request ${ID}: queued`);
  });

  it('gives up after the timeout, saying the deployment goes on', async () => {
    // Prepare
    fake.script([accepted], [state('awaiting-approval')]);
    // Act
    const result = await run(url, [
      'deploy',
      'web',
      'prod',
      'v42',
      '--wait',
      '--interval',
      '5ms',
      '--timeout',
      '100ms',
    ]);
    // Assess
    expect(result.code).toBe(EXIT.timedOut);
    expect(result.stderr).toContain(`it goes on in blueshift (request ${ID})`);
  });

  it('needs credentials and a well-formed command before it sends anything', async () => {
    // Act
    const noCredentials = await run(url, WAIT, {});
    const badCommand = await run(url, ['deploy', 'web', 'prod']);
    // Assess
    expect(noCredentials.code).toBe(EXIT.usage);
    expect(noCredentials.stderr).toContain('aws-actions/configure-aws-credentials');
    expect(badCommand.code).toBe(EXIT.usage);
    expect(badCommand.stderr).toContain('expected deploy <app> <env> <revision>');
    expect(fake.received).toEqual([]);
  });

  it('exits 6 when blueshift cannot be reached', async () => {
    // Prepare: a port nothing listens on
    await fake.stop();
    // Act
    const result = await run(url, ['deploy', 'web', 'prod', 'v42', '--interval', '5ms']);
    // Assess
    expect(result.code).toBe(EXIT.unreachable);
    fake = new FakeBlueshift();
    url = await fake.start();
  });
});
