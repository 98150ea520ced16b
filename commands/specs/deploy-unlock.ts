import { defineCommand, type ArgsOf } from '../spec';

/** `/deploy unlock <app> <env>`: handlers/deploy/lock.ts runs it. */
export const unlockSpec = defineCommand({
  id: 'deploy-unlock',
  command: 'deploy',
  subcommand: 'unlock',
  summary: "Lifts a deploy lock: your own, or anyone's if you are an approver.",
  args: [
    { name: 'app', kind: 'app' },
    { name: 'env', kind: 'env' },
  ],
  examples: ['/deploy unlock web prod'],
  sideEffects: true,
  allowed: 'operators-or-approvers',
});

export type UnlockArgs = ArgsOf<typeof unlockSpec>;
