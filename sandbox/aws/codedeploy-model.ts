import type {
  AutoRollbackConfiguration,
  AutoRollbackEvent,
  CreateDeploymentCommandInput,
  DeploymentInfo,
  DeploymentOverview,
  InstanceTarget,
  LifecycleEvent,
  RevisionLocation,
} from '@aws-sdk/client-codedeploy';

/** The simulated CodeDeploy's state: deployments with their instance targets, and the lifecycle hooks they run. */

export interface SimulatedDeployment {
  info: DeploymentInfo;
  targets: InstanceTarget[];
  /** EventBridge's detail.instanceGroupId: one per deployment. */
  instanceGroupId: string;
  /**
   * The Auto Scaling groups of a driven blue/green deployment: the original (blue) and, once provisioned, its copy
   * (green).
   */
  fleet?: { blue: string; green?: string };
  /** The revision it installs answers 500 on `/` once it serves (the sandbox's "next revision" scenario). */
  brokenRevision?: boolean;
}

/** The account and region the simulated CodeDeploy lives in, as its events and ARNs name them. */
export interface EventOrigin {
  account: string;
  region: string;
}

/** What moves deployments on when nobody calls `advance`: the sandbox's lifecycle (codedeploy-lifecycle.ts). */
export interface DeploymentDriver {
  created(deployment: SimulatedDeployment): void;
  continued(deployment: SimulatedDeployment, wait: 'READY_WAIT' | 'TERMINATION_WAIT'): void;
  stopRequested(deployment: SimulatedDeployment, rollback: boolean): void;
}

/** What the API stub (codedeploy-api.ts) reads and changes; CodeDeployWorld (codedeploy.ts) is the one there is. */
export interface CodeDeployState {
  readonly application: string;
  readonly origin: EventOrigin;
  readonly deployments: Map<string, SimulatedDeployment>;
  /** S3 key → when it was registered. */
  readonly revisions: Map<string, Date>;
  /** S3 key → the description its registration carries (CI pipelines write the source commit there). */
  readonly revisionDescriptions: Map<string, string>;
  /** How long the blue fleet is kept after traffic moved, as the deployment groups say. */
  readonly terminationWaitMinutes: number;
  driver: DeploymentDriver | undefined;
  get(id: string): SimulatedDeployment;
  /** The stable id CodeDeploy gives a deployment group. */
  groupId(name: string): string;
  checkApplication(application: string | undefined): void;
  group(name: string | undefined, application?: string): GroupSetup;
  inGroup(group: string): SimulatedDeployment[];
  lastSucceeded(group: string): SimulatedDeployment | undefined;
  revisionLocation(key: string): RevisionLocation;
  create(input: CreateDeploymentCommandInput): SimulatedDeployment;
}

export interface GroupSetup {
  name: string;
  /**
   * The Auto Scaling group the deployment group points at: the one serving traffic. With COPY_AUTO_SCALING_GROUP
   * it changes on every successful blue/green deployment (CodeDeployWorld.replaceFleet).
   */
  autoScalingGroup?: string;
  /** The name of the lifecycle hook CodeDeploy installed in that group; a new one with every copy. */
  hook?: string;
  targetGroup?: string;
  /** alarmConfiguration: the alarms CodeDeploy polls to stop a deployment of this group. */
  stopOnAlarms?: string[];
  /**
   * autoRollbackConfiguration's events: what makes CodeDeploy redeploy the last good revision on its own
   * (DEFAULT_ROLLBACK_EVENTS unless said; DEPLOYMENT_STOP_ON_ALARM for a stop on alarm).
   */
  autoRollbackEvents?: AutoRollbackEvent[];
}

export const DEFAULT_ROLLBACK_EVENTS: AutoRollbackEvent[] = ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'];

/** The group's automatic rollback, as GetDeploymentGroup shows it and each of its deployments carries it. */
export function autoRollbackOf(group: GroupSetup): AutoRollbackConfiguration {
  return { enabled: true, events: [...(group.autoRollbackEvents ?? DEFAULT_ROLLBACK_EVENTS)] };
}

/** Whether CodeDeploy rolls this deployment back when one of its alarms stops it. */
export function rollsBackOnAlarm(deployment: SimulatedDeployment): boolean {
  const config = deployment.info.autoRollbackConfiguration;
  return Boolean(config?.enabled && config.events?.includes('DEPLOYMENT_STOP_ON_ALARM'));
}

/**
 * The Auto Scaling side of a blue/green deployment with COPY_AUTO_SCALING_GROUP, as CodeDeploy drives it
 * (see codedeploy-lifecycle.ts for the documented facts).
 */
export interface GreenFleet {
  /** The instances in service in a group: the blue fleet, when it is the original group. */
  serving(autoScalingGroup: string): string[];
  /** Creates the green group as a copy of the original, tagged with the deployment. */
  copyGroup(original: string, copy: string, deploymentId: string): void;
  /** Launches instances into a group. */
  launch(autoScalingGroup: string, count: number): string[];
  /** The group's scaling activities for instances launched to reach its desired capacity. */
  recordLaunches(autoScalingGroup: string, instanceIds: string[]): void;
  /** Traffic moved from one group to the other: the workload follows it. */
  shiftLoad(from: string, to: string): void;
  resumeProcesses(autoScalingGroup: string): void;
  /** Deletes a group and terminates its instances. */
  deleteGroup(autoScalingGroup: string): void;
}

export interface NewDeployment {
  application: string;
  group: GroupSetup;
  deploymentId: string;
  creator: DeploymentInfo['creator'];
  input: CreateDeploymentCommandInput;
  previousRevision: RevisionLocation | undefined;
  now: Date;
  terminationWaitMinutes: number;
}

/**
 * A blue/green deployment as CreateDeployment leaves it: Created, with the group's settings
 * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentInfo.html).
 */
export function newDeploymentInfo(d: NewDeployment): DeploymentInfo {
  return {
    applicationName: d.application,
    deploymentGroupName: d.group.name,
    deploymentId: d.deploymentId,
    status: 'Created',
    creator: d.creator,
    deploymentConfigName: 'CodeDeployDefault.OneAtATime',
    computePlatform: 'Server',
    description: d.input.description,
    revision: d.input.revision,
    previousRevision: d.previousRevision,
    createTime: d.now,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    instanceTerminationWaitTimeStarted: false,
    blueGreenDeploymentConfiguration: {
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: d.terminationWaitMinutes,
      },
      deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 },
      greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
    },
    loadBalancerInfo: d.group.targetGroup ? { targetGroupInfoList: [{ name: d.group.targetGroup }] } : undefined,
    autoRollbackConfiguration: autoRollbackOf(d.group),
    fileExistsBehavior: d.input.fileExistsBehavior ?? 'DISALLOW',
    deploymentStatusMessages: [],
  };
}

export const ACTIVE_STATUSES = new Set(['Created', 'Queued', 'InProgress', 'Baking', 'Ready']);
export const isActive = (deployment: SimulatedDeployment): boolean => ACTIVE_STATUSES.has(deployment.info.status ?? '');

/**
 * The hooks of a replacement (green) instance, in order, in three phases
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html).
 */
export const GREEN_INSTALL = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install'];
export const GREEN_START = ['AfterInstall', 'ApplicationStart', 'ValidateService'];
export const GREEN_TRAFFIC = ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic'];
/** The hooks of an original (blue) instance. */
export const BLUE_HOOKS = ['BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic'];

export function newTarget(
  deploymentId: string,
  instanceId: string,
  label: 'Blue' | 'Green',
  where: { account: string; region: string },
  now: Date,
): InstanceTarget {
  const hooks = label === 'Green' ? [...GREEN_INSTALL, ...GREEN_START, ...GREEN_TRAFFIC] : BLUE_HOOKS;
  return {
    deploymentId,
    targetId: instanceId,
    targetArn: `arn:aws:ec2:${where.region}:${where.account}:instance/${instanceId}`,
    instanceLabel: label,
    status: 'Pending',
    lastUpdatedAt: now,
    lifecycleEvents: hooks.map((name): LifecycleEvent => ({ lifecycleEventName: name, status: 'Pending' })),
  };
}

/** Marks the named hooks of a target as run with `status`, taking a few seconds each. */
export function runHooks(target: InstanceTarget, names: string[], status: 'Succeeded' | 'Skipped', now: Date): void {
  let at = now.getTime() - names.length * 2_000;
  for (const event of target.lifecycleEvents ?? []) {
    if (!names.includes(event.lifecycleEventName ?? '')) continue;
    Object.assign(event, { status, startTime: new Date(at), endTime: new Date(at + 1_500) });
    if (status === 'Succeeded')
      event.diagnostics = { errorCode: 'Success', message: 'Succeeded', scriptName: '', logTail: '' };
    at += 2_000;
  }
  target.lastUpdatedAt = now;
}

export function greenTargets(deployment: SimulatedDeployment): InstanceTarget[] {
  return deployment.targets.filter((target) => target.instanceLabel === 'Green');
}

export function blueTargets(deployment: SimulatedDeployment): InstanceTarget[] {
  return deployment.targets.filter((target) => target.instanceLabel === 'Blue');
}

/** deploymentOverview (PascalCase counts) from the replacement instances' statuses. */
export function overviewOf(targets: InstanceTarget[]): DeploymentOverview {
  const overview = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 };
  for (const target of targets) {
    if (target.instanceLabel !== 'Green') continue;
    const status = target.status ?? 'Pending';
    if (status in overview) overview[status as keyof typeof overview] += 1;
  }
  return overview;
}

/** Recomputes what follows from the targets; call after every change. */
export function touch(deployment: SimulatedDeployment): void {
  deployment.info.deploymentOverview = overviewOf(deployment.targets);
}

/**
 * A Django migration failing in AfterInstall, as CodeDeploy reports a failed script: its diagnostics keep the
 * last 4 KB of the script's output, each line prefixed with the stream it came from.
 */
export const MIGRATION_FAILURE: LifecycleEvent['diagnostics'] = {
  errorCode: 'ScriptFailed',
  scriptName: 'scripts/migrate.sh',
  message: 'Script at specified location: scripts/migrate.sh run as user root failed with exit code 1',
  logTail: [
    '[stdout]Operations to perform:',
    '[stdout]  Apply all migrations: admin, auth, contenttypes, courses, enrollments, sessions',
    '[stdout]Running migrations:',
    '[stdout]  Applying enrollments.0042_enrollment_cohort...',
    '[stderr]Traceback (most recent call last):',
    '[stderr]  File "/srv/edu-web/venv/lib/python3.11/site-packages/django/db/backends/utils.py", line 89, in _execute',
    '[stderr]    return self.cursor.execute(sql, params)',
    '[stderr]psycopg2.errors.DuplicateColumn: column "cohort_id" of relation "enrollments_enrollment" already exists',
    '[stderr]',
    '[stderr]The above exception was the direct cause of the following exception:',
    '[stderr]django.db.utils.ProgrammingError: column "cohort_id" of relation "enrollments_enrollment" already exists',
  ].join('\n'),
};

export const HEALTH_CONSTRAINTS = {
  code: 'HEALTH_CONSTRAINTS',
  message:
    'The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.',
} as const;
