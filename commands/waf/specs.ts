import { defineCommand, type ArgsOf } from '../spec';

export const exemptSpec = defineCommand({
  command: 'waf-exempt',
  summary: 'Exempts a path (optionally only from some addresses) from one WAF managed rule group or rule, for a limited time; blueshift restores it by itself. Shows the change first.',
  args: [
    { name: 'env', kind: 'env' },
    { name: 'rule', kind: 'word' },
    { name: 'path', kind: 'path' },
    { name: 'duration', kind: 'duration', keyword: 'for', optional: true, default: '1h' },
    { name: 'cidr', kind: 'cidr', keyword: 'from', optional: true },
    { name: 'reason', kind: 'rest', optional: true },
  ],
  examples: ['/waf-exempt prod AdminProtection /admin for 2h from 203.0.113.0/24 Django admin blocked', '/waf-exempt staging AdminProtection_URIPATH /admin'],
  sideEffects: true,
  allowed: 'operators',
});

export const listSpec = defineCommand({
  command: 'waf-exempt',
  subcommand: 'list',
  summary: 'Lists the WAF exemptions in force, with the time left.',
  args: [{ name: 'env', kind: 'env', optional: true }],
  examples: ['/waf-exempt list', '/waf-exempt list prod'],
  sideEffects: false,
  allowed: 'anyone',
});

export const revokeSpec = defineCommand({
  command: 'waf-exempt',
  subcommand: 'revoke',
  summary: 'Ends an exemption now and restores the rule.',
  args: [{ name: 'id', kind: 'exemption' }],
  examples: ['/waf-exempt revoke prod-3fa9c1'],
  sideEffects: true,
  allowed: 'operators',
});

export type ExemptArgs = ArgsOf<typeof exemptSpec>;
export type ListArgs = ArgsOf<typeof listSpec>;
export type RevokeArgs = ArgsOf<typeof revokeSpec>;
