import { checkArgument, environmentsOf, type ArgContext, type Check } from '../../../commands/arguments';
import type { ArgKind } from '../../../commands/spec';
import { buildConfig } from '../../fakes/blueshift-config';

const config = buildConfig();
const anyApp: ArgContext = { config, app: undefined };
const bad = (problem: string): Check => ({ ok: false, problem });

describe('environmentsOf', () => {
  it.each<[string, string[]]>([
    ['web', ['prod', 'staging']],
    ['api', ['prod']],
    ['nope', []],
  ])('lists where %s runs, in configuration order', (app, expected) => {
    // Act
    const envs = environmentsOf(config, app);
    // Assess
    expect(envs).toEqual(expected);
  });
});

describe('checkArgument', () => {
  it.each<[ArgKind, string, ArgContext, Check]>([
    ['app', 'web', anyApp, { ok: true }],
    ['app', 'blog', anyApp, bad('unknown app `blog`. Apps: `web`, `api`.')],
    ['app', 'toString', anyApp, bad('unknown app `toString`. Apps: `web`, `api`.')],
    ['app', 'constructor', anyApp, bad('unknown app `constructor`. Apps: `web`, `api`.')],
    ['env', 'staging', anyApp, { ok: true }],
    ['env', 'qa', anyApp, bad('unknown environment `qa`. Environments: `prod`, `staging`.')],
    ['env', 'hasOwnProperty', anyApp, bad('unknown environment `hasOwnProperty`. Environments: `prod`, `staging`.')],
    ['env', 'prod', { config, app: 'api' }, { ok: true }],
    ['env', 'staging', { config, app: 'api' }, bad('`api` has no environment `staging`. Its environments: `prod`.')],
    ['duration', '2h', anyApp, { ok: true }],
    ['duration', '0m', anyApp, bad('`0m` is not a duration: write e.g. `30m`, `2h` or `1d`.')],
    ['duration', '2 weeks', anyApp, bad('`2 weeks` is not a duration: write e.g. `30m`, `2h` or `1d`.')],
    ['revision', 'v42', anyApp, { ok: true }],
    ['revision', '1.4.2+build_7-rc', anyApp, { ok: true }],
    [
      'revision',
      '../x',
      anyApp,
      bad('`../x` is not a revision: use letters, digits, `.`, `_`, `+` or `-` (e.g. `v42`, `1.4.2`, `latest`).'),
    ],
    [
      'revision',
      'v'.repeat(101),
      anyApp,
      bad(
        `\`${'v'.repeat(59)}…\` is not a revision: use letters, digits, \`.\`, \`_\`, \`+\` or \`-\` (e.g. \`v42\`, \`1.4.2\`, \`latest\`).`,
      ),
    ],
    ['path', '/admin', anyApp, { ok: true }],
    ['path', '/', anyApp, { ok: true }],
    ['path', 'admin', anyApp, bad('`admin` is not a URL path: it must start with `/`, e.g. `/admin`.')],
    [
      'path',
      `/${'a'.repeat(200)}`,
      anyApp,
      bad(`\`/${'a'.repeat(58)}…\` is not a URL path: it must start with \`/\`, e.g. \`/admin\`.`),
    ],
    ['id', 'wx-0001', anyApp, { ok: true }],
    ['id', 'wx/0001', anyApp, bad('`wx/0001` is not an id.')],
    ['word', 'AWSManagedRulesAdminProtectionRuleSet', anyApp, { ok: true }],
    ['word', 'x'.repeat(201), anyApp, bad(`\`${'x'.repeat(59)}…\` is too long.`)],
    ['rest', 'anything at all', anyApp, { ok: true }],
  ])('%s %p', (kind, token, context, expected) => {
    // Act
    const check = checkArgument(kind, token, context);
    // Assess
    expect(check).toEqual(expected);
  });

  const NOT_CIDR = (token: string) =>
    bad(`\`${token}\` is not an address range: write it as CIDR, e.g. \`203.0.113.0/24\` (/0 is not allowed).`);

  it.each<[string, boolean]>([
    ['203.0.113.0/24', true],
    ['10.0.0.0/8', true],
    ['198.51.100.7/32', true],
    ['2001:db8::/32', true],
    ['2001:db8::1/128', true],
    ['0.0.0.0/0', false],
    ['::/0', false],
    ['10.0.0.0/33', false],
    ['2001:db8::/129', false],
    ['203.0.113.0', false],
    ['203.0.113.0/24/8', false],
    ['203.0.113.0/x', false],
    ['256.0.0.0/8', false],
    ['example.com/24', false],
  ])('cidr %p accepted: %p', (token, accepted) => {
    // Act
    const check = checkArgument('cidr', token, anyApp);
    // Assess
    expect(check).toEqual(accepted ? { ok: true } : NOT_CIDR(token));
  });
});
