import { defineCommand, type ArgsOf } from '../spec';

/** `/deploy end-watch <app> <env> <reason…>`: handlers/deploy/end-watch.ts runs it (approvers only). */
export const endWatchSpec = defineCommand({
  id: 'deploy-end-watch',
  command: 'deploy',
  subcommand: 'end-watch',
  summary: 'Ends the watch after Reroute early, so blue can be terminated now (approvers, with a reason).',
  args: [
    { name: 'app', kind: 'app' },
    { name: 'env', kind: 'env' },
    { name: 'reason', kind: 'rest' },
  ],
  examples: ['/deploy end-watch web prod the 403 is the WAF and /admin is exempted'],
  sideEffects: true,
  allowed: 'operators-or-approvers',
});

export type EndWatchArgs = ArgsOf<typeof endWatchSpec>;
