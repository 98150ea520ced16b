import { defineCommand, type ArgsOf } from '../spec';

/** `/waf-exempt <env> <rule> <path> [for <duration>] [from <cidr>] [reason…]`: handlers/waf/executor.ts runs it. */
export const exemptSpec = defineCommand({
  id: 'waf-exempt',
  command: 'waf-exempt',
  summary:
    'Exempts a path (optionally only from some addresses) from one WAF managed rule group or rule, for a limited time; blueshift restores it by itself. Shows the change first.',
  args: [
    { name: 'env', kind: 'env' },
    { name: 'rule', kind: 'word' },
    { name: 'path', kind: 'path' },
    { name: 'duration', kind: 'duration', keyword: 'for', optional: true, default: '1h' },
    { name: 'cidr', kind: 'cidr', keyword: 'from', optional: true },
    { name: 'reason', kind: 'rest', optional: true },
  ],
  examples: [
    '/waf-exempt prod AdminProtection /admin for 2h from 203.0.113.0/24 Django admin blocked',
    '/waf-exempt staging AdminProtection_URIPATH /admin',
  ],
  sideEffects: true,
  allowed: 'operators',
});

export type ExemptArgs = ArgsOf<typeof exemptSpec>;
