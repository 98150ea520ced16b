import type { AppConfig, BlueshiftConfig } from '../../lib/config/schema';
import { copiedGroupOrigin } from '../fleet/green-group';
import { alarmDimensions, type AlarmNotification } from './notification';

/** Where an alarm is posted: its environment's channel, or the audit channel with the reason it matched nothing. */
export type AlarmRoute = { channel: string; env: string; app?: string } | { channel: string; unroutable: string };

type Named<T> = [name: string, value: T];

function deploysTo(app: AppConfig, env: string): boolean {
  return Object.hasOwn(app.codedeploy.groups, env) || Object.hasOwn(app.autoScalingGroups, env);
}

function groupNames(notification: AlarmNotification): Set<string> {
  return new Set(alarmDimensions(notification).flatMap((dimensions) => dimensions.AutoScalingGroupName ?? []));
}

/**
 * Whether an Auto Scaling group is the app's in an environment: its configured name, or a copy CodeDeploy made for
 * the app's deployment group there (`CodeDeploy_<deployment-group>_<deployment-id>`, what every blue/green
 * deployment leaves serving).
 */
function ownsGroup(app: AppConfig, env: string, group: string): boolean {
  if (app.autoScalingGroups[env] === group) return true;
  const deploymentGroup = app.codedeploy.groups[env];
  return deploymentGroup !== undefined && copiedGroupOrigin(group)?.deploymentGroup === deploymentGroup;
}

const ownsAny = (app: AppConfig, env: string, groups: Set<string>): boolean =>
  [...groups].some((group) => ownsGroup(app, env, group));

/** The app an alarm belongs to in one environment: longest matching alarmPrefix, else its Auto Scaling group. */
function appFor(config: BlueshiftConfig, env: string, notification: AlarmNotification): string | undefined {
  const apps = Object.entries(config.apps).filter(([, app]) => deploysTo(app, env));
  const byPrefix = apps
    .filter(([, app]) => app.alarmPrefix !== undefined && notification.alarmName.startsWith(app.alarmPrefix))
    .sort(([, a], [, b]) => (b.alarmPrefix?.length ?? 0) - (a.alarmPrefix?.length ?? 0))[0];
  if (byPrefix) return byPrefix[0];
  const groups = groupNames(notification);
  return apps.find(([, app]) => ownsAny(app, env, groups))?.[0];
}

const wordsOf = (text: string): string[] => text.toLowerCase().split(/[^a-z0-9]+/);

/** Whether `name`'s words occur one after another in `words`: `staging-2` in `edu-web-staging-2-5xx`. */
function spells(words: string[], name: string): boolean {
  const parts = wordsOf(name);
  return words.some((_, start) => parts.every((part, i) => words[start + i] === part));
}

/**
 * Two environments in one account and region: the one whose Auto Scaling group the alarm watches, else the
 * one named as words of the alarm name (`edu-web-prod-cpu` → prod). Undefined when that does not settle it.
 */
function settle(config: BlueshiftConfig, envs: Named<unknown>[], notification: AlarmNotification): string | undefined {
  const groups = groupNames(notification);
  const byGroup = envs.filter(([env]) => Object.values(config.apps).some((app) => ownsAny(app, env, groups)));
  if (byGroup.length === 1) return byGroup[0]?.[0];
  const words = wordsOf(notification.alarmName);
  const named = envs.filter(([env]) => spells(words, env));
  // `staging` inside `staging-2` is not a second environment named: the longer name is what the alarm says.
  const byWord = named.filter(([env]) => !named.some(([other]) => other !== env && spells(wordsOf(other), env)));
  return byWord.length === 1 ? byWord[0]?.[0] : undefined;
}

/** The bot's own alarms (serverless.yml), e.g. dead letters waiting: they belong in the audit channel. */
export const OWN_ALARM_PREFIX = 'blueshift-';

/** Routes an alarm by account and region to an environment, then by alarm prefix to an app; never drops it. */
export function routeAlarm(config: BlueshiftConfig, notification: AlarmNotification): AlarmRoute {
  const { account, region } = notification;
  const envs = Object.entries(config.environments).filter(
    ([, env]) => env.account === account && env.region === region,
  );
  const unroutable = (reason: string): AlarmRoute => ({ channel: config.auditChannel, unroutable: reason });
  if (!envs.length && notification.alarmName.startsWith(OWN_ALARM_PREFIX)) {
    return unroutable(`it is one of blueshift's own alarms (${notification.description ?? 'about the bot itself'})`);
  }
  if (!envs.length) return unroutable(`no environment is configured for account ${account} in ${region}`);
  const envName = envs.length === 1 ? envs[0]?.[0] : settle(config, envs, notification);
  const env = envName === undefined ? undefined : config.environments[envName];
  if (envName === undefined || !env) {
    return unroutable(
      `account ${account} in ${region} is shared by environments ${envs.map(([name]) => name).join(', ')} and the alarm does not say which`,
    );
  }
  const app = appFor(config, envName, notification);
  return app === undefined ? { channel: env.channel, env: envName } : { channel: env.channel, env: envName, app };
}
