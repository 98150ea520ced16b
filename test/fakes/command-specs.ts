import { defineCommand } from '../../commands/spec';

/**
 * Test-only command specs exercising every argument kind, shaped like the commands DESIGN.md describes
 * (the real ones may not exist yet). Grammar tests parse against these, not against production specs.
 */
export const exemptSpec = defineCommand({
  command: 'waf-exempt',
  summary: 'Exempts a path from a WAF rule for a while.',
  args: [
    { name: 'env', kind: 'env' },
    { name: 'rule', kind: 'word' },
    { name: 'path', kind: 'path' },
    { name: 'duration', kind: 'duration', optional: true, keyword: 'for', default: '1h' },
    { name: 'cidr', kind: 'cidr', optional: true, keyword: 'from' },
    { name: 'reason', kind: 'rest', optional: true },
  ],
  examples: ['/waf-exempt prod AWSManagedRulesAdminProtectionRuleSet /admin for 2h'],
  sideEffects: true,
  allowed: 'operators',
});

export const deploySpec = defineCommand({
  command: 'deploy',
  summary: 'Deploys a revision.',
  args: [
    { name: 'app', kind: 'app' },
    { name: 'env', kind: 'env' },
    { name: 'revision', kind: 'revision', optional: true, default: 'latest' },
  ],
  examples: ['/deploy web prod v42'],
  sideEffects: true,
  allowed: 'operators',
});

export const lockSpec = defineCommand({
  command: 'deploy',
  subcommand: 'lock',
  summary: 'Stops deploys until unlocked.',
  args: [
    { name: 'app', kind: 'app' },
    { name: 'env', kind: 'env' },
    { name: 'reason', kind: 'rest' },
  ],
  examples: ['/deploy lock web prod release freeze'],
  sideEffects: true,
  allowed: 'operators',
});

/** An optional argument with a default that may be skipped when the next one fits. */
export const revokeSpec = defineCommand({
  command: 'waf-exempt',
  subcommand: 'revoke',
  summary: 'Revokes an exemption.',
  args: [
    { name: 'env', kind: 'env', optional: true, default: 'prod' },
    { name: 'id', kind: 'id' },
  ],
  examples: ['/waf-exempt revoke wx-0001'],
  sideEffects: true,
  allowed: 'operators',
});
