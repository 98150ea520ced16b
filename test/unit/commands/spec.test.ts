import { invocation, usageLine, type CommandSpec } from '../../../commands/spec';
import { deploySpec } from '../../../commands/specs/deploy';
import { lockSpec } from '../../../commands/specs/deploy-lock';
import { statusSpec } from '../../../commands/specs/status';
import { exemptSpec } from '../../../commands/specs/waf-exempt';
import { revokeSpec } from '../../../commands/specs/waf-exempt-revoke';

const requiredReason: CommandSpec = {
  ...lockSpec,
  args: [...lockSpec.args.slice(0, 2), { name: 'reason', kind: 'rest' }],
};
const optionalFirst: CommandSpec = {
  ...revokeSpec,
  args: [{ name: 'env', kind: 'env', optional: true }, ...revokeSpec.args],
};

describe('usageLine', () => {
  it.each<[string, CommandSpec, string]>([
    ['/status: optional positionals in brackets', statusSpec, '/status [app] [env]'],
    [
      'required positionals in angle brackets, an optional one with a default in brackets',
      deploySpec,
      '/deploy <app> <env> [revision] [override <reason…>]',
    ],
    ['a subcommand, a keyword and an optional reason', lockSpec, '/deploy lock <app> <env> [for <duration>] [reason…]'],
    ['a required reason without brackets', requiredReason, '/deploy lock <app> <env> reason…'],
    [
      'keywords with their value, and an optional reason',
      exemptSpec,
      '/waf-exempt <env> <rule> <path> [for <duration>] [from <cidr>] [reason…]',
    ],
    ['an exemption id', revokeSpec, '/waf-exempt revoke <id>'],
    ['an optional argument before a required one', optionalFirst, '/waf-exempt revoke [env] <id>'],
  ])('%s', (_case, spec, expected) => {
    // Act
    const line = usageLine(spec);
    // Assess
    expect(line).toBe(expected);
  });

  it('writes a required keyword argument without brackets', () => {
    // Prepare
    const spec: CommandSpec = { ...exemptSpec, args: [{ name: 'duration', kind: 'duration', keyword: 'for' }] };
    // Act
    const line = usageLine(spec);
    // Assess
    expect(line).toBe('/waf-exempt for <duration>');
  });
});

describe('invocation', () => {
  it.each<[CommandSpec, string]>([
    [statusSpec, '/status'],
    [lockSpec, '/deploy lock'],
    [revokeSpec, '/waf-exempt revoke'],
  ])('is how users type %#', (spec, expected) => {
    // Act
    const typed = invocation(spec);
    // Assess
    expect(typed).toBe(expected);
  });
});
