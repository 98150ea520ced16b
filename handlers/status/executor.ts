import * as status from '../../commands/status';
import type { statusSpec } from '../../commands/specs/status';
import { statusMessage } from '../../lib/slack/blocks/status';
import { reply, type Executor } from '../jobs/outcome';

/** /status: every section read in parallel, as the requester (each environment's role session names them). */
export const runStatus: Executor<typeof statusSpec> = async (args, { job, config, deps }) => {
  const ports: status.StatusPorts = {
    target: async (env) => (await deps.account(env, job.actor)).target,
    locks: deps.store.locks,
    exemptions: deps.store.exemptions,
    checks: deps.store.checks,
    describeError: deps.describeError,
    now: deps.now,
  };
  const report = await status.run(args, config, ports);
  return reply(statusMessage(report));
};
