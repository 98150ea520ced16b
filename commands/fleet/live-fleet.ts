import type { AppConfig } from '../../lib/config/schema';
import type { DeploymentGroupReader, GreenGroup } from './ports';

/** The Auto Scaling groups to read for one app in one environment, and where that answer came from. */
export interface LiveGroups {
  /** Serving traffic now (the blue fleet while a blue/green deployment runs). */
  serving: string[];
  /** The green copy a running blue/green deployment provisions. */
  green?: GreenGroup;
  /** `codedeploy`: read from the deployment group; `config`: the configured name, for groups CodeDeploy does not manage. */
  source: 'codedeploy' | 'config';
}

/**
 * Deployment groups change only when a deployment does, and every reader of the fleet (/status, the credit watch,
 * alarm diagnosis, progress messages) asks: one read per deployment group per minute is plenty, and a deployment's
 * success forgets it at once.
 */
export const LIVE_FLEET_TTL_MS = 60_000;

export interface LiveFleetCache {
  get(key: string, read: () => Promise<LiveGroups>): Promise<LiveGroups>;
  /** Forgets every entry whose key starts with the prefix (all of them without one). */
  forget(prefix?: string): void;
}

export function liveFleetCache(now: () => number = Date.now, ttlMs = LIVE_FLEET_TTL_MS): LiveFleetCache {
  const entries = new Map<string, { at: number; groups: Promise<LiveGroups> }>();
  return {
    get: (key, read) => {
      const entry = entries.get(key);
      if (entry && now() - entry.at < ttlMs) return entry.groups;
      const groups = read();
      entries.set(key, { at: now(), groups });
      // A failed read is not remembered: the next reader tries again.
      groups.catch(() => {
        if (entries.get(key)?.groups === groups) entries.delete(key);
      });
      return groups;
    },
    forget: (prefix = '') => {
      for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
    },
  };
}

/** The cache key of a deployment group: account and region keep two environments' same-named groups apart. */
export const deploymentGroupKey = (target: { account: string; region: string }, application: string, group: string): string =>
  `${target.account}/${target.region}/${application}/${group}`;

export interface LiveFleetScope {
  app: AppConfig;
  env: string;
  target: { account: string; region: string };
}

/**
 * The live groups of an app in an environment: from its CodeDeploy deployment group when it has one that lists
 * Auto Scaling groups (blue/green replaces them at every deployment), else the configured name. Undefined when
 * neither says (an app deployed by EC2 tags, with no group configured).
 */
export async function liveGroups(scope: LiveFleetScope, reader: DeploymentGroupReader, cache: LiveFleetCache): Promise<LiveGroups | undefined> {
  const { app, env, target } = scope;
  const configured = app.autoScalingGroups[env];
  const fromConfig: LiveGroups | undefined = configured === undefined ? undefined : { serving: [configured], source: 'config' };
  const group = app.codedeploy.groups[env];
  if (group === undefined) return fromConfig;
  const live = await cache.get(deploymentGroupKey(target, app.codedeploy.application, group), async () => {
    const fleet = await reader.fleet(app.codedeploy.application, group);
    return { serving: fleet.serving, ...(fleet.green ? { green: fleet.green } : {}), source: 'codedeploy' };
  });
  return live.serving.length || live.green ? live : fromConfig;
}
