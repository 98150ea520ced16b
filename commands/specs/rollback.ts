import { defineCommand, type ArgsOf } from '../spec';

/** `/rollback <app> <env> [reason…]`: handlers/deploy/rollback.ts runs it. */
export const rollbackSpec = defineCommand({
  id: 'rollback',
  command: 'rollback',
  summary:
    'Stops the running deployment with automatic rollback, or redeploys the last good revision before the current one. Shows a preview first.',
  args: [
    { name: 'app', kind: 'app' },
    { name: 'env', kind: 'env' },
    { name: 'reason', kind: 'rest', optional: true },
  ],
  examples: ['/rollback web prod 5xx since v42', '/rollback web staging'],
  sideEffects: true,
  allowed: 'operators',
});

export type RollbackArgs = ArgsOf<typeof rollbackSpec>;
