import type { AppConfig, EnvironmentConfig } from '../lib/config/schema';
import { isBurstable } from './burstable';
import { liveGroups } from './fleet/live-fleet';
import type { DeploymentSummary, TargetAccount } from './ports';
import { requesterOf, revisionLabel } from './revision';
import type { AppEnvStatus, DeploymentView, FleetView, Section } from './status-report';

export type Settle = <T>(work: Promise<T>) => Promise<Section<T>>;

function view(app: AppConfig, deployment: DeploymentSummary | undefined): DeploymentView | undefined {
  if (!deployment) return undefined;
  return {
    ...deployment,
    revisionLabel: revisionLabel(app, deployment.revision?.key),
    requestedBy: requesterOf(deployment.description),
  };
}

async function readDeployments(target: TargetAccount, app: AppConfig, group: string) {
  const { application } = app.codedeploy;
  const [active, last] = await Promise.all([
    target.deployments.active(application, group),
    target.deployments.lastSuccessful(application, group),
  ]);
  return { active: view(app, active), last: view(app, last) };
}

/** The fleet first, then (in parallel) credits for its burstable instances and its agents' health. */
async function readFleet(target: TargetAccount, groupName: string, settle: Settle): Promise<FleetView | undefined> {
  const fleet = await target.fleet.describe(groupName);
  if (!fleet) return undefined;
  const ids = fleet.instances.map((instance) => instance.id);
  const burstable = fleet.instances.filter((instance) => isBurstable(instance.type)).map((instance) => instance.id);
  const [credits, agents] = await Promise.all([
    burstable.length ? settle(target.credits.creditBalances(burstable)) : undefined,
    settle(target.agents.pingStatus(ids)),
  ]);
  return { fleet, credits, agents };
}

type FleetPart = Pick<AppEnvStatus, 'fleet' | 'fleetName' | 'otherGroups' | 'green'>;

/** The live groups first (one cached CodeDeploy read), then each of them, serving and green, in parallel. */
async function readLiveFleet(target: TargetAccount, app: AppConfig, env: string, settle: Settle): Promise<FleetPart> {
  const live = await settle(liveGroups(app, env, target.deploymentGroups));
  if (!live.ok) return { fleet: live, fleetName: app.autoScalingGroups[env] };
  if (!live.value) return { fleet: undefined, fleetName: undefined };
  const [serving, ...others] = live.value.serving;
  const green = live.value.green;
  const [fleet, greenFleet] = await Promise.all([
    serving === undefined ? undefined : settle(readFleet(target, serving, settle)),
    green ? settle(readFleet(target, green.name, settle)) : undefined,
  ]);
  return {
    fleet,
    fleetName: serving,
    ...(others.length ? { otherGroups: others } : {}),
    ...(green && greenFleet ? { green: { ...green, fleet: greenFleet } } : {}),
  };
}

export interface EntryInput {
  app: string;
  appConfig: AppConfig;
  env: string;
  envConfig: EnvironmentConfig;
  target: TargetAccount;
}

/** One app in one environment; every AWS read runs in parallel and fails on its own. */
export async function readEntry(input: EntryInput, settle: Settle): Promise<Omit<AppEnvStatus, 'lock'>> {
  const { app, appConfig, env, envConfig, target } = input;
  const group = appConfig.codedeploy.groups[env];
  const configuredFleet = appConfig.autoScalingGroups[env];
  const prefix = appConfig.alarmPrefix;
  const session = await settle(target.assumeRole());
  if (!session.ok) {
    // Without a role session nothing else can be read: every configured section says why, once.
    const failed = <T>(configured: unknown): Section<T> | undefined => (configured ? session : undefined);
    const fleet = failed<FleetView | undefined>(group ?? configuredFleet);
    return {
      app,
      env,
      protected: envConfig.protected,
      deployment: failed(group),
      alarms: failed(prefix),
      fleet,
      fleetName: configuredFleet,
    };
  }
  const [deployment, alarms, fleet] = await Promise.all([
    group ? settle(readDeployments(target, appConfig, group)) : undefined,
    prefix ? settle(target.alarms.firing(prefix)) : undefined,
    readLiveFleet(target, appConfig, env, settle),
  ]);
  return { app, env, protected: envConfig.protected, deployment, alarms, ...fleet };
}
