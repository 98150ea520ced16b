import { request } from 'node:http';
import { json } from '../../../sandbox/server/io';
import { listen, type HttpServer } from '../../../sandbox/server/http';

let server: HttpServer;
let pressed = 0;

beforeAll(async () => {
  const routes = [
    {
      method: 'POST' as const,
      path: /^\/console\/api\/command$/,
      handle: () => {
        pressed += 1;
        return json(200, { ok: true });
      },
    },
  ];
  server = await listen(routes, 0, () => undefined);
});
afterAll(() => server.close());
beforeEach(() => {
  pressed = 0;
});

/** A POST as a browser sends it: the Host it was addressed to, and the Origin of the page whose script sent it. */
function post(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(
      `${server.url}/console/api/command`,
      { method: 'POST', headers: { 'content-type': 'text/plain', ...headers } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    sent.on('error', reject);
    sent.end('{"user":"U0ALICE","channel":"C0PRODOPS01","text":"/deploy web prod v42"}');
  });
}

describe('the sandbox server, to a web page in the same browser', () => {
  it('takes the console’s own requests', async () => {
    // Act / Assess
    expect(await post({ host: `127.0.0.1:${server.port}`, origin: server.url })).toBe(200);
    expect(await post({ host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })).toBe(200);
    expect(await post({ host: `127.0.0.1:${server.port}` })).toBe(200); // no Origin: not a browser page (the bot's Web API client)
    expect(pressed).toBe(3);
  });

  it('refuses what another site’s script sends to it, though addressed to this machine', async () => {
    // Act: a "simple" cross-site POST needs no CORS preflight, and its Host is 127.0.0.1
    const status = await post({ host: `127.0.0.1:${server.port}`, origin: 'https://evil.example' });
    // Assess
    expect(status).toBe(403);
    expect(pressed).toBe(0);
  });
});
