import { defineCommand, type ArgsOf } from '../spec';

/**
 * `/deploy <app> <env> [revision] [override <reason…>]`: handlers/deploy/executor.ts runs it. `override` breaks a
 * freeze with an approver's yes (docs/decisions/0023).
 */
export const deploySpec = defineCommand({
  id: 'deploy',
  command: 'deploy',
  summary:
    'Starts a CodeDeploy blue/green deployment of a revision, with one live progress message in the channel. In a freeze, `override` and a reason ask an approver to let it through.',
  args: [
    { name: 'app', kind: 'app' },
    { name: 'env', kind: 'env' },
    { name: 'revision', kind: 'revision', optional: true, default: 'latest' },
    { name: 'reason', kind: 'rest', keyword: 'override', optional: true },
  ],
  examples: [
    '/deploy web staging v42',
    '/deploy web prod latest',
    '/deploy web prod v43 override fix for the login outage',
  ],
  sideEffects: true,
  allowed: 'operators',
});

export type DeployArgs = ArgsOf<typeof deploySpec>;
