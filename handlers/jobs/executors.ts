import type { ParsedArgs } from '../../commands/grammar';
import type { CommandSpec } from '../../commands/spec';
import * as deploy from '../../commands/deploy/deploy';
import { lockSpec, unlockSpec } from '../../commands/deploy/lock';
import * as rollback from '../../commands/deploy/rollback';
import * as status from '../../commands/status';
import * as waf from '../../commands/waf/specs';
import { statusMessage } from '../../lib/slack/blocks/status';
import { runDeploy } from '../deploy/executor';
import { runLock, runUnlock } from '../deploy/lock';
import { reply, type Execution, type Outcome } from './outcome';
import { runRollback } from '../deploy/rollback';
import { runWafExempt, runWafList, runWafRevoke } from '../waf/executor';

/** Runs one command; the outcome is an answer, or a request for confirmation or approval first. */
export type Executor = (args: ParsedArgs, execution: Execution) => Promise<Outcome>;

const runStatus: Executor = async (args, { job, config, deps }) => {
  const ports: status.StatusPorts = {
    target: (env) => {
      const envConfig = config.environments[env];
      if (!envConfig) throw new Error(`unknown environment ${env}`);
      return deps.targets.for(env, envConfig, job.actor);
    },
    locks: deps.store.locks,
    exemptions: deps.store.exemptions,
    describeError: deps.describeError,
    now: deps.now,
  };
  const report = await status.run({ app: args.app, env: args.env }, config, ports);
  return reply(statusMessage(report));
};

const EXECUTORS = new Map<CommandSpec, Executor>([
  [status.spec, runStatus],
  [deploy.spec, runDeploy],
  [lockSpec, runLock],
  [unlockSpec, runUnlock],
  [rollback.spec, runRollback],
  [waf.exemptSpec, runWafExempt],
  [waf.listSpec, runWafList],
  [waf.revokeSpec, runWafRevoke],
]);

export function executorFor(spec: CommandSpec): Executor {
  const executor = EXECUTORS.get(spec);
  if (!executor) throw new Error(`no executor for ${spec.command} ${spec.subcommand ?? ''}`.trim());
  return executor;
}
