import { parseCommand, type ParseResult } from '../../../commands/grammar';
import type { CommandSpec, SlashCommand } from '../../../commands/spec';
import { deploySpec } from '../../../commands/specs/deploy';
import { lockSpec } from '../../../commands/specs/deploy-lock';
import { statusSpec } from '../../../commands/specs/status';
import { exemptSpec } from '../../../commands/specs/waf-exempt';
import { revokeSpec } from '../../../commands/specs/waf-exempt-revoke';
import { buildConfig } from '../../fakes/blueshift-config';

const config = buildConfig();
const RULE = 'AWSManagedRulesAdminProtectionRuleSet';
const parse = (command: SlashCommand, text: string, specs: readonly CommandSpec[]) =>
  parseCommand(command, text, specs, config);
const request = (spec: CommandSpec, args: Record<string, string | undefined>): ParseResult => ({
  kind: 'request',
  spec,
  args,
});
const usageError = (spec: CommandSpec, problem: string): ParseResult => ({
  kind: 'usage-error',
  command: spec.command,
  spec,
  problem,
});

describe('parseCommand: positional arguments and defaults', () => {
  it.each<[string, ParseResult]>([
    ['web prod', request(deploySpec, { app: 'web', env: 'prod', revision: 'latest' })],
    ['web staging v42', request(deploySpec, { app: 'web', env: 'staging', revision: 'v42' })],
    ['', usageError(deploySpec, 'missing <app>.')],
    ['web', usageError(deploySpec, 'missing <env>.')],
    [
      'web prod ../x',
      usageError(
        deploySpec,
        '`../x` is not a revision: use letters, digits, `.`, `_`, `+` or `-` (e.g. `v42`, `1.4.2`, `latest`).',
      ),
    ],
    ['web prod v42 now', usageError(deploySpec, 'unexpected `now`.')],
    [
      'web prod v42 override fix the  login',
      request(deploySpec, { app: 'web', env: 'prod', revision: 'v42', reason: 'fix the login' }),
    ],
    [
      'web prod override hotfix',
      request(deploySpec, { app: 'web', env: 'prod', revision: 'latest', reason: 'hotfix' }),
    ],
    ['web prod v42 override', usageError(deploySpec, '`override` needs a <reason> after it.')],
    [`web prod v42 ${'x'.repeat(100)}`, usageError(deploySpec, `unexpected \`${'x'.repeat(59)}…\`.`)],
    [
      `lock web prod ${'x'.repeat(2_000)}`,
      {
        kind: 'usage-error',
        command: 'deploy',
        spec: undefined,
        problem: 'that is 2,014 characters; blueshift reads at most 2,000.',
      },
    ],
  ])('/deploy %p', (text, expected) => {
    // Act
    const result = parse('deploy', text, [lockSpec, deploySpec]);
    // Assess
    expect(result).toEqual(expected);
  });

  it.each<[string, ParseResult]>([
    ['lock web prod release freeze', request(lockSpec, { app: 'web', env: 'prod', reason: 'release freeze' })],
    ['LOCK web prod  waiting   for QA', request(lockSpec, { app: 'web', env: 'prod', reason: 'waiting for QA' })],
    ['lock web prod', request(lockSpec, { app: 'web', env: 'prod', reason: undefined })],
    [
      'lock web prod for 2h load test',
      request(lockSpec, { app: 'web', env: 'prod', duration: '2h', reason: 'load test' }),
    ],
    ['lock web prod for ever', usageError(lockSpec, '`ever` is not a duration: write e.g. `30m`, `2h` or `1d`.')],
    ['lock web', usageError(lockSpec, 'missing <env>.')],
    ['lock help', { kind: 'help', command: 'deploy' }],
  ])('/deploy %p picks the subcommand', (text, expected) => {
    // Act
    const result = parse('deploy', text, [lockSpec, deploySpec]);
    // Assess
    expect(result).toEqual(expected);
  });

  it.each<[string, ParseResult]>([
    ['revoke prod-3fa9c1', request(revokeSpec, { id: 'prod-3fa9c1', env: 'prod' })],
    ['revoke staging-00beef', request(revokeSpec, { id: 'staging-00beef', env: 'staging' })],
    ['revoke', usageError(revokeSpec, 'missing <id>.')],
    ['revoke qa-3fa9c1', usageError(revokeSpec, 'unknown environment `qa`. Environments: `prod`, `staging`.')],
    [
      'revoke 3fa9c1',
      usageError(
        revokeSpec,
        '`3fa9c1` is not an exemption id: they look like `prod-3fa9c1` (`/waf-exempt list` shows them).',
      ),
    ],
  ])(
    '/waf-exempt %p: an exemption id names its environment, which is checked and handed over as env',
    (text, expected) => {
      // Act
      const result = parse('waf-exempt', text, [revokeSpec, exemptSpec]);
      // Assess
      expect(result).toEqual(expected);
    },
  );

  it('refuses a required reason left out', () => {
    // Prepare
    const spec: CommandSpec = {
      ...lockSpec,
      args: [
        { name: 'app', kind: 'app' },
        { name: 'env', kind: 'env' },
        { name: 'reason', kind: 'rest' },
      ],
    };
    // Act
    const result = parse('deploy', 'lock web prod', [spec]);
    // Assess
    expect(result).toEqual(usageError(spec, 'missing <reason>.'));
  });

  it('skips an optional argument with a default when the token fits the next one, and fills the default', () => {
    // Prepare
    const spec: CommandSpec = {
      ...statusSpec,
      args: [
        { name: 'app', kind: 'app', optional: true, default: 'web' },
        { name: 'env', kind: 'env' },
      ],
    };
    // Act
    const result = parse('status', 'prod', [spec]);
    // Assess
    expect(result).toEqual(request(spec, { app: 'web', env: 'prod' }));
  });
});

describe('parseCommand: keyword arguments and the reason', () => {
  const exempt = (text: string) => parse('waf-exempt', `prod ${RULE} ${text}`, [revokeSpec, exemptSpec]);
  const accepted = (args: Record<string, string | undefined>) =>
    request(exemptSpec, {
      env: 'prod',
      rule: RULE,
      path: '/admin',
      duration: '1h',
      cidr: undefined,
      reason: undefined,
      ...args,
    });

  it.each<[string, ParseResult]>([
    ['/admin', accepted({})],
    ['/admin for 2h', accepted({ duration: '2h' })],
    ['/admin FOR 30m', accepted({ duration: '30m' })],
    ['/admin from 203.0.113.0/24', accepted({ cidr: '203.0.113.0/24' })],
    ['/admin from 2001:db8::/32 for 1d', accepted({ cidr: '2001:db8::/32', duration: '1d' })],
    [
      '/admin for 2h from 10.0.0.0/8 403s after deploy',
      accepted({ duration: '2h', cidr: '10.0.0.0/8', reason: '403s after deploy' }),
    ],
    ['/admin blocked since the deploy, for now', accepted({ reason: 'blocked since the deploy, for now' })],
  ])('accepts %p', (text, expected) => {
    // Act
    const result = exempt(text);
    // Assess
    expect(result).toEqual(expected);
  });

  it.each<[string, string]>([
    ['/admin for', '`for` needs a <duration> after it.'],
    ['/admin for 2h from', '`from` needs a <cidr> after it.'],
    ['/admin for 2h for 3h', '`for` is given twice.'],
    ['/admin for 2h FOR 3h', '`for` is given twice.'],
    ['/admin for two hours', '`two` is not a duration: write e.g. `30m`, `2h` or `1d`.'],
    ['/admin for 0m', '`0m` is not a duration: write e.g. `30m`, `2h` or `1d`.'],
    [
      '/admin from 0.0.0.0/0',
      '`0.0.0.0/0` is not an address range: write it as CIDR, e.g. `203.0.113.0/24` (/0 is not allowed).',
    ],
    [
      '/admin from 203.0.113.7',
      '`203.0.113.7` is not an address range: write it as CIDR, e.g. `203.0.113.0/24` (/0 is not allowed).',
    ],
    ['admin for 2h', '`admin` is not a URL path: it must start with `/`, e.g. `/admin`.'],
    ['for 2h', 'missing <path>.'],
  ])('refuses %p', (text, problem) => {
    // Act
    const result = exempt(text);
    // Assess
    expect(result).toEqual(usageError(exemptSpec, problem));
  });
});
