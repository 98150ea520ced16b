import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSetFor } from '../../../lib/config/checks';
import { parseConfig } from '../../../lib/config/parse';
import { buildConfig, configErrorOf, configYaml } from '../../fakes/blueshift-config';

const HEADING = 'blueshift.yaml is not a valid blueshift configuration:\n- ';
const ADMIN = 'https://www.example.edu/admin/login/';

/** The configuration with `apps.web.checks.prod` set to one HTTP check with these settings. */
const withCheck = (check: Record<string, unknown>, set: Record<string, unknown> = {}) =>
  configYaml({ 'apps.web.checks': { prod: { ...set, http: [{ url: ADMIN, ...check }] } } });

describe('configuration: HTTP checks, as the watch and the sweeper read them', () => {
  it('reads every setting into the CheckSet shape', () => {
    // Prepare
    const config = buildConfig({
      'apps.web.checks': {
        prod: {
          watch: '10m',
          onFailure: 'ask',
          http: [
            {
              url: ADMIN,
              name: '/admin',
              method: 'POST',
              expect: [200, 302],
              contains: 'Log in',
              headers: { 'X-Check': 'blueshift' },
              timeout: '8s',
            },
          ],
        },
      },
    });
    // Act
    const set = checkSetFor(config.apps.web!, 'prod');
    // Assess
    expect(set).toEqual({
      watchMs: 600_000,
      onFailure: 'ask',
      http: [
        {
          name: '/admin',
          url: ADMIN,
          method: 'POST',
          expect: [200, 302],
          contains: 'Log in',
          headers: { 'X-Check': 'blueshift' },
          timeoutMs: 8_000,
        },
      ],
    });
  });

  it('fills in the defaults: no watch, rollback, GET, 200, 5 s, named by the URL’s path', () => {
    // Prepare
    const config = buildConfig({ 'apps.web.checks': { prod: { http: [{ url: ADMIN }] } } });
    // Act
    const set = checkSetFor(config.apps.web!, 'prod');
    // Assess
    expect(set).toStrictEqual({
      watchMs: 0,
      onFailure: 'rollback',
      http: [{ name: '/admin/login/', url: ADMIN, method: 'GET', expect: [200], headers: {}, timeoutMs: 5_000 }],
    });
  });

  it('has no checks for an app or environment that configures none', () => {
    // Prepare
    const config = buildConfig({ 'apps.web.checks': { prod: { watch: '5m' } } });
    // Act
    const staging = checkSetFor(config.apps.web!, 'staging');
    const api = checkSetFor(config.apps.api!, 'prod');
    const inherited = checkSetFor(config.apps.web!, 'constructor');
    // Assess
    expect([staging, api, inherited]).toEqual([undefined, undefined, undefined]);
    expect(checkSetFor(config.apps.web!, 'prod')).toEqual({ watchMs: 300_000, onFailure: 'rollback', http: [] });
  });

  it('accepts http:// and loopback hosts for a local check', () => {
    // Prepare
    const urls = ['http://127.0.0.1:8080/health', 'http://localhost/', 'http://[::1]:3000/', 'https://localhost/'];
    // Act
    const sets = urls.map((url) =>
      checkSetFor(parseConfig(withCheck({ url, local: true }), 'x.yml').apps.web!, 'prod'),
    );
    // Assess
    expect(sets.map((set) => set?.http[0]?.url)).toEqual(urls);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a plain-HTTP URL',
      { url: 'http://www.example.edu/admin/' },
      'apps.web.checks.prod.http.0.url: must start with https:// (http:// only with local: true, for a server on this machine)',
    ],
    [
      'another scheme',
      { url: 'ftp://www.example.edu/' },
      'apps.web.checks.prod.http.0.url: must start with https:// (http:// only with local: true, for a server on this machine)',
    ],
    [
      'a local check of a host that is not this machine',
      { url: 'http://10.0.0.5/health', local: true },
      'apps.web.checks.prod.http.0.local: is only for loopback hosts (localhost, 127.0.0.1, ::1), and 10.0.0.5 is not one',
    ],
    [
      'a local https check of a public host',
      { url: ADMIN, local: true },
      'apps.web.checks.prod.http.0.local: is only for loopback hosts (localhost, 127.0.0.1, ::1), and www.example.edu is not one',
    ],
    [
      'credentials in the URL',
      { url: 'https://admin:hunter2@www.example.edu/admin/' },
      'apps.web.checks.prod.http.0.url: must not carry a user name or password (user:pass@)',
    ],
    [
      'a path instead of a URL',
      { url: '/admin/login/' },
      'apps.web.checks.prod.http.0.url: must be a full URL such as https://www.example.edu/admin/login/',
    ],
    [
      'a header value with a line break (header injection)',
      { headers: { 'X-Check': 'blueshift\r\nX-Admin: 1' } },
      'apps.web.checks.prod.http.0.headers.X-Check: must be one line of text, without control characters',
    ],
    [
      'a header name with a space',
      { headers: { 'X Check': 'blueshift' } },
      'apps.web.checks.prod.http.0.headers.X Check: must be an HTTP header name such as X-Check',
    ],
    [
      'a header the HTTP client sets',
      { headers: { 'Content-Length': '0' } },
      'apps.web.checks.prod.http.0.headers.Content-Length: is set by the HTTP client; leave it out',
    ],
    [
      'a body to look for in a HEAD response',
      { method: 'HEAD', contains: 'Log in' },
      'apps.web.checks.prod.http.0.contains: needs a body, and a HEAD response has none',
    ],
    [
      'an unknown method',
      { method: 'DELETE' },
      'apps.web.checks.prod.http.0.method: Invalid option: expected one of "GET"|"HEAD"|"POST"',
    ],
    [
      'a status that is not one',
      { expect: [200, 1000] },
      'apps.web.checks.prod.http.0.expect.1: Too big: expected number to be <=599',
    ],
    ['a timeout over 30 s', { timeout: '1m' }, 'apps.web.checks.prod.http.0.timeout: must be at most 30s'],
    [
      'a timeout that is not a duration',
      { timeout: 5 },
      'apps.web.checks.prod.http.0.timeout: Invalid input: expected string, received number',
    ],
    ['a misspelt key', { expects: [200] }, 'apps.web.checks.prod.http.0: unknown key expects'],
  ])('refuses %s, naming the key', (_case, check, expected) => {
    // Prepare
    const text = withCheck(check);
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.message).toBe(`${HEADING}${expected}`);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a watch over 2 hours', { watch: '3h' }, 'apps.web.checks.prod.watch: must be at most 2h'],
    [
      'a watch that is not a duration',
      { watch: '10 minutes' },
      'apps.web.checks.prod.watch: must be a duration such as 30m, 2h or 1d',
    ],
    [
      'another answer to a failure',
      { onFailure: 'ignore' },
      'apps.web.checks.prod.onFailure: Invalid option: expected one of "rollback"|"ask"',
    ],
  ])('refuses %s', (_case, set, expected) => {
    // Prepare
    const text = withCheck({}, set);
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.message).toBe(`${HEADING}${expected}`);
  });

  it('refuses more than 10 checks in an environment', () => {
    // Prepare
    const http = Array.from({ length: 11 }, (_, i) => ({ url: `https://www.example.edu/page-${i}` }));
    const text = configYaml({ 'apps.web.checks': { prod: { http } } });
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.message).toBe(`${HEADING}apps.web.checks.prod.http: must list at most 10 checks`);
  });

  it('refuses two checks with the same name, which messages could not tell apart', () => {
    // Prepare
    const http = [{ url: 'https://www.example.edu/admin/' }, { url: 'https://www2.example.edu/admin/' }];
    const text = configYaml({ 'apps.web.checks': { prod: { http } } });
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.message).toBe(
      `${HEADING}apps.web.checks.prod.http.1.name: "/admin/" names another check too; give each check its own name`,
    );
  });

  it('refuses checks for an environment that does not exist', () => {
    // Prepare
    const text = configYaml({ 'apps.web.checks': { qa: { http: [{ url: ADMIN }] } } });
    // Act
    const error = configErrorOf(text);
    // Assess
    expect(error.message).toBe(`${HEADING}apps.web.checks.qa: names environment "qa", which is not under environments`);
  });
});

describe('the configuration files in the repository', () => {
  const root = join(__dirname, '..', '..', '..');
  const files = [
    'config/example.yml',
    'sandbox/config.yml',
    ...readdirSync(join(root, 'test/fixtures/config')).map((file) => `test/fixtures/config/${file}`),
  ];

  it.each(files)('%s is valid', (file) => {
    // Act
    const config = parseConfig(readFileSync(join(root, file), 'utf8'), file);
    // Assess
    expect(Object.keys(config.environments).length).toBeGreaterThan(0);
  });

  it('config/example.yml shows the /admin check of the AdminProtection story', () => {
    // Prepare
    const config = parseConfig(readFileSync(join(root, 'config/example.yml'), 'utf8'), 'config/example.yml');
    // Act
    const set = checkSetFor(config.apps.web!, 'prod');
    // Assess
    expect(set?.http).toContainEqual(expect.objectContaining({ name: '/admin', expect: [200, 302] }));
    expect(set?.watchMs).toBeGreaterThan(0);
  });
});
