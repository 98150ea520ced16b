import { defineCommand, type ArgsOf } from '../spec';

/** `/deploy lock <app> <env> [for <duration>] [reason…]`: handlers/deploy/lock.ts runs it; the sweeper ends it. */
export const lockSpec = defineCommand({
  id: 'deploy-lock',
  command: 'deploy',
  subcommand: 'lock',
  summary:
    'Stops deploys to an app and environment (yours still go through) until it is unlocked or its time is up; /rollback stays possible. On a held lock, offers to request a take-over.',
  args: [
    { name: 'app', kind: 'app' },
    { name: 'env', kind: 'env' },
    { name: 'duration', kind: 'duration', keyword: 'for', optional: true },
    { name: 'reason', kind: 'rest', optional: true },
  ],
  examples: ['/deploy lock web prod database migration running', '/deploy lock web prod for 2h load test'],
  sideEffects: true,
  allowed: 'operators',
});

export type LockArgs = ArgsOf<typeof lockSpec>;
