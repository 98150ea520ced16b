import { defineCommand, type ArgsOf } from '../spec';

/** `/waf-exempt list [env]`: handlers/waf/executor.ts runs it. */
export const listSpec = defineCommand({
  id: 'waf-exempt-list',
  command: 'waf-exempt',
  subcommand: 'list',
  summary: 'Lists the WAF exemptions in force, with the time left.',
  args: [{ name: 'env', kind: 'env', optional: true }],
  examples: ['/waf-exempt list', '/waf-exempt list prod'],
  sideEffects: false,
  allowed: 'anyone',
});

export type ListArgs = ArgsOf<typeof listSpec>;
