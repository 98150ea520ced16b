import { defineCommand, type ArgsOf } from '../spec';

/** `/deploy <app> <env> [revision]`: handlers/deploy/executor.ts runs it. */
export const deploySpec = defineCommand({
  id: 'deploy',
  command: 'deploy',
  summary: 'Starts a CodeDeploy blue/green deployment of a revision, with one live progress message in the channel.',
  args: [
    { name: 'app', kind: 'app' },
    { name: 'env', kind: 'env' },
    { name: 'revision', kind: 'revision', optional: true, default: 'latest' },
  ],
  examples: ['/deploy web staging v42', '/deploy web prod latest'],
  sideEffects: true,
  allowed: 'operators',
});

export type DeployArgs = ArgsOf<typeof deploySpec>;
