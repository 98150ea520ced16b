import { defineCommand, type ArgsOf } from '../spec';

/** `/status [app] [env]`: handlers/status/executor.ts runs it. */
export const statusSpec = defineCommand({
  id: 'status',
  command: 'status',
  summary: 'Deployments, locks, alarms, fleet, CPU credits, agents and WAF exemptions, in one message.',
  args: [
    { name: 'app', kind: 'app', optional: true },
    { name: 'env', kind: 'env', optional: true },
  ],
  examples: ['/status', '/status web', '/status web prod', '/status prod'],
  sideEffects: false,
  allowed: 'anyone',
});

export type StatusArgs = ArgsOf<typeof statusSpec>;
