import { checkSetFor } from '../lib/config/checks';
import type { BlueshiftConfig } from '../lib/config/schema';
import type { CheckRuns } from './checks/episodes';
import { environmentsOf } from './arguments';
import type { ExemptionReader, LockReader, TargetAccount } from './ports';
import { readEntry, type Settle } from './status-entry';
import { freezeAt } from './deploy/freeze';
import type { StatusReport } from './status-report';
import type { StatusArgs } from './specs/status';

export interface StatusPorts {
  /** The environment's account as the requesting user (one assumed-role session per environment). */
  target(env: string): Promise<TargetAccount>;
  locks: LockReader;
  exemptions: ExemptionReader;
  /** The checks' last results, from the state table. */
  checks: Pick<CheckRuns, 'last'>;
  describeError: (error: unknown) => string;
  now: () => Date;
}

/** Which (app, environment) pairs the arguments ask about, in configuration order. */
export function selectTargets(config: BlueshiftConfig, args: StatusArgs): { app: string; env: string }[] {
  const apps = args.app ? [args.app] : Object.keys(config.apps);
  return apps.flatMap((app) =>
    environmentsOf(config, app)
      .filter((env) => !args.env || env === args.env)
      .map((env) => ({ app, env })),
  );
}

/** Everything `/status` shows, read in one parallel sweep: about one AWS round trip, not their sum. */
export async function run(args: StatusArgs, config: BlueshiftConfig, ports: StatusPorts): Promise<StatusReport> {
  const settle: Settle = async (work) => {
    try {
      return { ok: true, value: await work };
    } catch (error) {
      return { ok: false, error: ports.describeError(error) };
    }
  };
  const locksRead = settle(ports.locks.list());
  const exemptionsRead = settle(ports.exemptions.listActive(args.env));
  const entries = await Promise.all(
    selectTargets(config, args).map(async ({ app, env }) => {
      const appConfig = config.apps[app];
      const envConfig = config.environments[env];
      if (!appConfig || !envConfig) throw new Error(`status: ${app}/${env} vanished from the configuration`);
      // The lock comes from the state table while the AWS reads run: neither waits for the other.
      const [locks, entry, checks] = await Promise.all([
        locksRead,
        readEntry({ app, appConfig, env, envConfig, target: await ports.target(env) }, settle),
        checkSetFor(appConfig, env)?.http.length ? settle(ports.checks.last(app, env)) : undefined,
      ]);
      const lock = locks.ok
        ? { ok: true as const, value: locks.value.find((l) => l.app === app && l.env === env) }
        : locks;
      const freeze = freezeAt(envConfig.calendar, ports.now());
      const calendar = (freeze.active ?? freeze.next) ? { freeze } : {};
      return { ...entry, lock, ...(checks ? { checks } : {}), ...calendar };
    }),
  );
  const scope = [args.app, args.env].filter(Boolean).join(' ') || 'all apps';
  return { scope, generatedAt: ports.now(), entries, exemptions: await exemptionsRead };
}
