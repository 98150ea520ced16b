import type { AppConfig } from '../../lib/config/schema';
import type { DeploymentGroupFleet, DeploymentGroupReader, GreenGroup } from './ports';

/** The Auto Scaling groups to read for one app in one environment, and where that answer came from. */
export interface LiveGroups {
  /** Serving traffic now (the blue fleet while a blue/green deployment runs). */
  serving: string[];
  /** The green copy a running blue/green deployment provisions. */
  green?: GreenGroup;
  /**
   * `codedeploy`: read from the deployment group; `config`: the configured name, for groups CodeDeploy does not manage.
   */
  source: 'codedeploy' | 'config';
}

/**
 * Deployment groups change only when a deployment does, and every reader of the fleet (/status, the credit watch,
 * alarm diagnosis, progress messages) asks: one read per deployment group per minute is plenty, and a deployment's
 * start and end forget it at once, in the function that starts it or is told of its end.
 */
export const LIVE_FLEET_TTL_MS = 60_000;

export interface LiveFleetCache {
  get(key: string, read: () => Promise<DeploymentGroupFleet>): Promise<DeploymentGroupFleet>;
  /** Forgets every entry whose key starts with the prefix (all of them without one). */
  forget(prefix?: string): void;
}

export function liveFleetCache(now: () => number = Date.now, ttlMs = LIVE_FLEET_TTL_MS): LiveFleetCache {
  const entries = new Map<string, { at: number; fleet: Promise<DeploymentGroupFleet> }>();
  return {
    get: (key, read) => {
      const entry = entries.get(key);
      if (entry && now() - entry.at < ttlMs) return entry.fleet;
      const fleet = read();
      entries.set(key, { at: now(), fleet });
      // A failed read is not remembered: the next reader tries again.
      fleet.catch(() => {
        if (entries.get(key)?.fleet === fleet) entries.delete(key);
      });
      return fleet;
    },
    forget: (prefix = '') => {
      for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
    },
  };
}

/** The cache key of a deployment group: account and region keep two environments' same-named groups apart. */
export const deploymentGroupKey = (target: { account: string; region: string }, application = '', group = ''): string =>
  `${target.account}/${target.region}/${application}${application ? `/${group}` : ''}`;

/** A deployment-group reader that answers from the cache, shared by everyone reading that account. */
export function cachedDeploymentGroups(
  reader: DeploymentGroupReader,
  cache: LiveFleetCache,
  target: { account: string; region: string },
): DeploymentGroupReader {
  return {
    fleet: (application, group) =>
      cache.get(deploymentGroupKey(target, application, group), () => reader.fleet(application, group)),
  };
}

/**
 * The live groups of an app in an environment: from its CodeDeploy deployment group when it has one that lists
 * Auto Scaling groups (blue/green replaces them at every deployment), else the configured name. Undefined when
 * neither says (an app deployed by EC2 tags, with no group configured).
 */
export async function liveGroups(
  app: AppConfig,
  env: string,
  reader: DeploymentGroupReader,
): Promise<LiveGroups | undefined> {
  const configured = app.autoScalingGroups[env];
  const fromConfig: LiveGroups | undefined =
    configured === undefined ? undefined : { serving: [configured], source: 'config' };
  const group = app.codedeploy.groups[env];
  if (group === undefined) return fromConfig;
  const fleet = await reader.fleet(app.codedeploy.application, group);
  if (!fleet.serving.length && !fleet.green) return fromConfig;
  return { serving: fleet.serving, ...(fleet.green ? { green: fleet.green } : {}), source: 'codedeploy' };
}
