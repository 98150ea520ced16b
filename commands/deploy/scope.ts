import type { BlueshiftConfig } from '../../lib/config/schema';

/** A CodeDeploy deployment group as its events name it: account, region, application and group. */
export interface GroupAddress {
  account: string;
  region: string;
  application: string;
  deploymentGroup: string;
}

/**
 * The app and environment a deployment group belongs to, matched on all four: two environments in different
 * accounts may well use the same application and group names.
 */
export function scopeOf(config: BlueshiftConfig, group: GroupAddress): { app: string; env: string } | undefined {
  for (const [app, appConfig] of Object.entries(config.apps)) {
    if (appConfig.codedeploy.application !== group.application) continue;
    for (const [env, name] of Object.entries(appConfig.codedeploy.groups)) {
      const envConfig = config.environments[env];
      if (name === group.deploymentGroup && envConfig?.account === group.account && envConfig.region === group.region)
        return { app, env };
    }
  }
  return undefined;
}
