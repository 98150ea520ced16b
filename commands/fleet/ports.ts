/**
 * The live fleet: with CodeDeploy blue/green and COPY_AUTO_SCALING_GROUP, every deployment creates a new Auto
 * Scaling group `CodeDeploy_<deployment-group>_<deployment-id>`, points the deployment group at it and deletes the
 * old one. So which groups serve an app is read from the deployment group, never from a configured name.
 */

export interface GreenGroup {
  name: string;
  deploymentId: string;
}

/** One CodeDeploy deployment group's Auto Scaling groups, as CodeDeploy sees them now. */
export interface DeploymentGroupFleet {
  /** The groups the deployment group points at: the ones serving traffic (blue, while a deployment runs). */
  serving: string[];
  /** While a blue/green deployment that copies the group runs: the green group it provisions. */
  green?: GreenGroup;
  /**
   * CodeDeploy replaces the group on every blue/green deployment (greenFleetProvisioningOption
   * COPY_AUTO_SCALING_GROUP).
   */
  replacedOnDeploy: boolean;
  /** The alarms CodeDeploy watches to stop a deployment (alarmConfiguration, when enabled). */
  stopOnAlarms: string[];
  /** Minutes CodeDeploy keeps the blue fleet after traffic moved, when it terminates it. */
  terminationWaitMinutes?: number;
}

export interface DeploymentGroupReader {
  fleet(application: string, group: string): Promise<DeploymentGroupFleet>;
}

/** A metric alarm (single metric or metric math) and the Auto Scaling groups its dimensions name. */
export interface WatchingAlarm {
  name: string;
  kind: 'metric' | 'math';
  groups: string[];
}

export type AlarmMoveResult = 'moved' | 'already-moved' | 'gone';

export interface AlarmMoveOutcome {
  alarm: string;
  result: AlarmMoveResult | 'failed';
  /** Why it failed, in words a person can act on. */
  reason?: string;
}

export interface AlarmRewriter {
  /**
   * Metric alarms whose names start with the prefix, plus the named ones, that have an `AutoScalingGroupName`
   * dimension. Composite alarms watch other alarms, not metrics, and are not listed.
   */
  watching(prefix: string | undefined, names: string[]): Promise<WatchingAlarm[]>;
  /** Rewrites one alarm so its `AutoScalingGroupName` dimensions say `to` instead of `from`, nothing else changed. */
  move(alarmName: string, from: string, to: string): Promise<AlarmMoveResult>;
}

export interface GroupDirectory {
  /** Which of these Auto Scaling groups exist now. */
  existing(names: string[]): Promise<Set<string>>;
}

/** A finding as the state table keeps it, so it is reported once and moved once. */
export interface SilentAlarmRecord {
  env: string;
  app: string;
  group: string;
  alarms: string[];
  stopOnAlarm: string[];
  liveGroup?: string;
  replacedBy?: string;
  foundAt: Date;
  /** Where the finding was posted, once it was. */
  message?: { channel: string; ts: string };
  /** Who moves the alarms (a Slack user, or blueshift-system for the automatic move), and when that ended. */
  move?: { by: string; finishedAt?: Date };
}

export interface SilentAlarmRecords {
  /**
   * Records a finding for the caller to post; false when it was recorded before (a repeated sweep, a redelivered
   * event) and is posted, or another caller's lease on posting it has not run out.
   */
  claim(record: SilentAlarmRecord, leaseMs: number): Promise<boolean>;
  /** Gives a claim back when its message could not be posted, so the next look reports it. */
  release(env: string, group: string): Promise<void>;
  posted(env: string, group: string, message: { channel: string; ts: string }): Promise<void>;
  get(env: string, group: string): Promise<SilentAlarmRecord | undefined>;
  /** True for the one job that moves the alarms (and for that job retried); false once another job took it. */
  startMove(env: string, group: string, move: { by: string; job: string; at: Date }): Promise<boolean>;
  finishMove(env: string, group: string, at: Date): Promise<void>;
  /**
   * The Auto Scaling groups a deployment group was seen serving: after a blue/green deployment deleted one, its
   * alarms are known to be this environment's even when its name says nothing (environments sharing an account).
   */
  servedBefore(env: string, deploymentGroup: string): Promise<Set<string>>;
  rememberServing(env: string, deploymentGroup: string, groups: string[], at: Date): Promise<void>;
  /** True for one caller per period: the one that checks the app's alarms in the environment now. */
  claimCheck(env: string, app: string, now: Date, everyMs: number): Promise<boolean>;
  /** Gives a check back when it could not run, so the next sweep tries again. */
  releaseCheck(env: string, app: string): Promise<void>;
}
