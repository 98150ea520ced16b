import { defineCommand, type ArgsOf } from '../spec';

/** `/deploy lock <app> <env> [reason…]`: handlers/deploy/lock.ts runs it. */
export const lockSpec = defineCommand({
  id: 'deploy-lock',
  command: 'deploy',
  subcommand: 'lock',
  summary:
    'Stops deploys to an app and environment (yours still go through) until it is unlocked; /rollback stays possible.',
  args: [
    { name: 'app', kind: 'app' },
    { name: 'env', kind: 'env' },
    { name: 'reason', kind: 'rest', optional: true },
  ],
  examples: ['/deploy lock web prod database migration running'],
  sideEffects: true,
  allowed: 'operators',
});

export type LockArgs = ArgsOf<typeof lockSpec>;
