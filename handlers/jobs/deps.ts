import type { Directory } from '../../commands/access';
import type { DeploymentControl } from '../../commands/deploy/ports';
import type { TargetAccount } from '../../commands/ports';
import type { WebAcls } from '../../commands/waf/ports';
import type { BlueshiftConfig, EnvironmentConfig } from '../../lib/config/schema';
import type { Replies } from '../../lib/slack/replies';
import type { StateStore } from '../../lib/state/store';

/** Everything the worker needs, built once per container by functions/worker.ts (or a test). */
export interface WorkerDeps {
  config(): Promise<BlueshiftConfig>;
  store: StateStore;
  replies: Replies;
  directory: Directory;
  targets: {
    for(envName: string, env: EnvironmentConfig, user: { id: string; name: string }): TargetAccount & { roleSession: string; control: DeploymentControl; waf: WebAcls };
  };
  describeError: (error: unknown) => string;
  now: () => Date;
}

/**
 * Who the bot acts as when no person asked (the sweeper, alarm events): the target role's trust policy accepts
 * `blueshift-*` as source identity besides Slack user IDs, so CloudTrail shows the bot itself.
 */
export const SYSTEM_ACTOR = { id: 'blueshift-system', name: 'system' } as const;

/** The environment's configuration and its account as `actor`; fails plainly when the environment was removed. */
export async function accountIn(envName: string, actor: { id: string; name: string }, deps: WorkerDeps) {
  const env = (await deps.config()).environments[envName];
  if (!env) throw new Error(`environment ${envName} is no longer configured`);
  return { env, target: deps.targets.for(envName, env, actor) };
}
