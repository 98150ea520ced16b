import type { ServerResponse } from 'node:http';
import type { HttpCheck } from '../../../commands/checks/types';
import { BODY_CAP_BYTES, httpProbe, MAX_REDIRECTS } from '../../../lib/http/http-probe';
import { deferred } from '../../fakes/deferred';
import { closedPort, loopbackServer, type LoopbackServer } from '../../fakes/loopback-http';

// The probe against real HTTP servers on 127.0.0.1, through Node's own fetch. No assertion is about time: the
// timeouts are short so a run stays quick, and "fast" is shown by what the server did not have to send.

const LOGIN_PAGE = '<html><body><form><button>Log in</button></form></body></html>';
// The page an ALB sends when WAF blocks a request with the default action (403, `Server: awselb/2.0`, 118 bytes).
const WAF_BLOCK_PAGE =
  '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n';
const START = Date.parse('2026-12-07T09:00:00Z');

let server: LoopbackServer;

beforeEach(async () => {
  server = await loopbackServer();
});

afterEach(async () => {
  await server.stop();
});

/** A clock that says START, then 84 ms later for every later reading. */
function clock(): () => number {
  let readings = 0;
  return () => (readings++ === 0 ? START : START + 84);
}

const check = (path: string, changes: Partial<HttpCheck> = {}): HttpCheck => ({
  name: path,
  url: `${server.origin}${path}`,
  method: 'GET',
  expect: [200],
  headers: {},
  timeoutMs: 5_000,
  ...changes,
});

const page =
  (status: number, body: string, headers: Record<string, string> = {}) =>
  (_req: unknown, res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'text/html', ...headers }).end(body);
const redirect = (status: number, location: string) => page(status, 'moved', { location });

describe('httpProbe', () => {
  it('passes a page with the expected status and text, timed by the clock', async () => {
    // Prepare
    server.route('/admin/login/', page(200, LOGIN_PAGE));
    // Act
    const result = await httpProbe({ now: clock() }).run(check('/admin/login/', { contains: 'Log in' }));
    // Assess
    expect(result).toEqual({
      check: '/admin/login/',
      url: `${server.origin}/admin/login/`,
      passed: true,
      status: 200,
      ms: 84,
      at: new Date(START),
    });
  });

  it('sends the method and headers configured, and says who it is', async () => {
    // Prepare
    server.route('/health', page(204, ''));
    // Act
    const result = await httpProbe().run(
      check('/health', { method: 'HEAD', expect: [204], headers: { 'X-Check': 'blueshift' } }),
    );
    // Assess
    expect(result.passed).toBe(true);
    expect(server.received.map(({ method, path }) => `${method} ${path}`)).toEqual(['HEAD /health']);
    expect(server.received[0]?.headers).toMatchObject({ 'x-check': 'blueshift', 'user-agent': 'blueshift-check' });
  });

  it('fails on another status, showing the start of the page (WAF blocking /admin)', async () => {
    // Prepare
    server.route('/admin/login/', page(403, WAF_BLOCK_PAGE, { server: 'awselb/2.0' }));
    // Act
    const result = await httpProbe().run(check('/admin/login/', { expect: [200, 302], contains: 'Log in' }));
    // Assess
    expect(result).toMatchObject({
      passed: false,
      status: 403,
      problem: 'expected 200 or 302, got 403',
      bodyStart:
        '<html> <head><title>403 Forbidden</title></head> <body> <center><h1>403 Forbidden</h1></center> </body> </html>',
    });
  });

  it('fails on a page without the text, and shows its first 300 characters on one line', async () => {
    // Prepare
    const body = `Welcome\u0000\u001b[31m\r\n\u202eevil\u202c ${'x'.repeat(400)}`;
    server.route('/', page(200, body));
    // Act
    const result = await httpProbe().run(check('/', { contains: 'Log in' }));
    // Assess
    expect(result).toMatchObject({ passed: false, status: 200, problem: 'body lacks "Log in"' });
    expect(result.bodyStart).toBe(`Welcome [31m evil ${'x'.repeat(282)}`);
    expect(result.bodyStart).toHaveLength(300);
  });

  it('follows a redirect to the same origin, as the method asks', async () => {
    // Prepare
    server.route('/admin', redirect(301, '/admin/'));
    server.route('/admin/', redirect(303, `${server.origin}/admin/login/`));
    server.route('/admin/login/', page(200, LOGIN_PAGE));
    // Act
    const result = await httpProbe().run(check('/admin', { method: 'POST', contains: 'Log in' }));
    // Assess
    expect(result).toMatchObject({ passed: true, status: 200 });
    expect(server.received.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /admin',
      'GET /admin/',
      'GET /admin/login/',
    ]);
  });

  it(`follows at most ${MAX_REDIRECTS} redirects, then the last status is the answer`, async () => {
    // Prepare
    server.route('/loop', redirect(302, '/loop?again'));
    server.route('/loop?again', redirect(302, '/loop?again'));
    // Act
    const result = await httpProbe().run(check('/loop'));
    // Assess
    expect(result).toMatchObject({
      passed: false,
      status: 302,
      problem: `redirected more than 3 times (then to ${server.origin}/…)`,
    });
    expect(server.received).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('does not follow a redirect to another host: its status is the answer', async () => {
    // Prepare: localhost and 127.0.0.1 are the same machine but two origins.
    server.route('/admin/', redirect(302, `http://localhost:${server.port}/sso/login?state=secret`));
    server.route('/sso/login?state=secret', page(200, LOGIN_PAGE));
    // Act
    const failing = await httpProbe().run(check('/admin/'));
    const passing = await httpProbe().run(check('/admin/', { expect: [200, 302], contains: 'Log in' }));
    // Assess
    expect(failing).toMatchObject({
      passed: false,
      status: 302,
      problem: `redirected to another host (http://localhost:${server.port}/…), not followed`,
      bodyStart: 'moved',
    });
    expect(passing).toMatchObject({ passed: true, status: 302 });
    expect(server.received.map(({ path }) => path)).toEqual(['/admin/', '/admin/']);
  });

  it('gives up on a server that never answers after the check’s timeout', async () => {
    // Prepare
    server.route('/slow', () => undefined);
    // Act
    const result = await httpProbe().run(check('/slow', { timeoutMs: 200 }));
    // Assess
    expect(result).toEqual(expect.objectContaining({ passed: false, problem: 'timed out after 0.2 s' }));
    expect(result.status).toBeUndefined();
  });

  it('gives up on a body that stops coming, keeping the status', async () => {
    // Prepare
    server.route('/stalls', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>');
    });
    // Act
    const result = await httpProbe().run(check('/stalls', { contains: 'Log in', timeoutMs: 200 }));
    // Assess
    expect(result).toMatchObject({ passed: false, status: 200, problem: 'timed out after 0.2 s' });
  });

  it('reads a 10 MB page only up to the cap, and the server stops sending', async () => {
    // Prepare
    const total = 10 * 1024 * 1024;
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const closed = deferred<{ sent: number; finished: boolean }>();
    server.route('/huge', (_req, res) => {
      let sent = 0;
      res.on('close', () => closed.resolve({ sent, finished: res.writableFinished }));
      res.writeHead(200, { 'content-type': 'text/plain' });
      const pump = () => {
        while (sent < total && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    // Act
    const result = await httpProbe().run(check('/huge', { contains: 'Log in' }));
    const server_ = await closed.promise;
    // Assess
    expect(result).toMatchObject({ passed: false, status: 200, problem: 'body lacks "Log in" in its first 64 KiB' });
    expect(result.bodyStart).toBe('a'.repeat(300));
    expect(server_.finished).toBe(false);
    expect(server_.sent).toBeLessThan(total);
    expect(BODY_CAP_BYTES).toBe(64 * 1024);
  });

  it('says a connection was refused', async () => {
    // Prepare
    const port = await closedPort();
    // Act
    const result = await httpProbe().run(check('/', { url: `http://127.0.0.1:${port}/` }));
    // Assess
    expect(result).toMatchObject({ passed: false, problem: 'could not connect: ECONNREFUSED' });
    expect(result.status).toBeUndefined();
  });

  it('rejects with the caller’s reason when the caller stops it, mid-request or before', async () => {
    // Prepare
    const stop = new AbortController();
    server.route('/slow', () => stop.abort(new Error('the watch ended')));
    const stopped = AbortSignal.abort(new Error('already stopped'));
    // Act
    const [running, early] = await Promise.allSettled([
      httpProbe().run(check('/slow'), stop.signal),
      httpProbe().run(check('/slow'), stopped),
    ]);
    // Assess
    expect(running).toEqual({ status: 'rejected', reason: new Error('the watch ended') });
    expect(early).toEqual({ status: 'rejected', reason: new Error('already stopped') });
    expect(server.received).toHaveLength(1);
  });

  it('sends nothing for a URL the configuration would refuse', async () => {
    // Prepare
    const fetch = jest.fn<Promise<Response>, [string, RequestInit]>();
    const probe = httpProbe({ fetch });
    // Act
    const results = await Promise.all([
      probe.run(check('/', { url: 'http://www.example.edu/admin/' })),
      probe.run(check('/', { url: 'https://user:pass@www.example.edu/admin/' })),
    ]);
    // Assess
    expect(results.map((result) => [result.passed, result.problem])).toEqual([
      [false, 'not fetched: only https:// URLs (http:// only on this machine)'],
      [false, 'not fetched: the URL carries credentials'],
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('uses the fetch it is given, with manual redirects and a signal', async () => {
    // Prepare
    const sent: [string, RequestInit][] = [];
    const fetch = (url: string, init: RequestInit) => {
      sent.push([url, init]);
      return Promise.resolve(new Response('ok', { status: 200 }));
    };
    // Act
    const result = await httpProbe({ fetch }).run(check('/', { url: 'https://www.example.edu/' }));
    // Assess
    expect(result).toMatchObject({ passed: true, status: 200 });
    expect(sent.map(([url, init]) => [url, init.method, init.redirect])).toEqual([
      ['https://www.example.edu/', 'GET', 'manual'],
    ]);
    expect(sent[0]?.[1].signal).toBeInstanceOf(AbortSignal);
  });

  it('says what a TLS failure was', async () => {
    // Prepare
    const refused = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    const fetch = () => Promise.reject(new TypeError('fetch failed', { cause: refused }));
    // Act
    const result = await httpProbe({ fetch }).run(check('/', { url: 'https://www.example.edu/' }));
    // Assess
    expect(result).toMatchObject({ passed: false, problem: 'TLS refused: CERT_HAS_EXPIRED' });
  });
});
