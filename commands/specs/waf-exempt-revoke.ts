import { defineCommand, type ArgsOf } from '../spec';

/** `/waf-exempt revoke <id>`: handlers/waf/executor.ts runs it. */
export const revokeSpec = defineCommand({
  id: 'waf-exempt-revoke',
  command: 'waf-exempt',
  subcommand: 'revoke',
  summary: 'Ends an exemption now and restores the rule.',
  args: [{ name: 'id', kind: 'exemption' }],
  examples: ['/waf-exempt revoke prod-3fa9c1'],
  sideEffects: true,
  allowed: 'operators',
});

/** `id`, and the `env` it names. */
export type RevokeArgs = ArgsOf<typeof revokeSpec>;
