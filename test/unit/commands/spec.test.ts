import { invocation, usageLine, type CommandSpec } from '../../../commands/spec';
import { spec as statusSpec } from '../../../commands/status';
import { deploySpec, exemptSpec, lockSpec, revokeSpec } from '../../fakes/command-specs';

describe('usageLine', () => {
  it.each<[string, CommandSpec, string]>([
    ['/status: optional positionals in brackets', statusSpec, '/status [app] [env]'],
    ['required positionals in angle brackets, an optional one with a default in brackets', deploySpec, '/deploy <app> <env> [revision]'],
    ['a subcommand, and a required reason', lockSpec, '/deploy lock <app> <env> reason…'],
    [
      'keywords with their value, and an optional reason',
      exemptSpec,
      '/waf-exempt <env> <rule> <path> [for <duration>] [from <cidr>] [reason…]',
    ],
    ['an optional argument before a required one', revokeSpec, '/waf-exempt revoke [env] <id>'],
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
