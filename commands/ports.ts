import type { AlarmActionSwitch, AlarmInsights } from './alarms/ports';
import type { AlarmRewriter, DeploymentGroupReader, GroupDirectory } from './fleet/ports';

/**
 * The ports commands talk to. Adapters in lib/aws/ and lib/state/ implement them; commands never see an SDK.
 * Every method speaks the product's language (deployment, alarm, fleet), not the service's.
 */

// ── Target account (reached through the environment's assumed role) ─────────────────────────────

export type DeploymentStatus =
  'Created' | 'Queued' | 'InProgress' | 'Baking' | 'Ready' | 'Succeeded' | 'Failed' | 'Stopped';

export interface S3Revision {
  bucket: string;
  key: string;
  bundleType?: string;
  version?: string;
}

export interface InstanceCounts {
  pending: number;
  inProgress: number;
  succeeded: number;
  failed: number;
  skipped: number;
  ready: number;
}

export interface DeploymentSummary {
  id: string;
  status: DeploymentStatus;
  revision?: S3Revision;
  createdAt?: Date;
  completedAt?: Date;
  /** CodeDeploy's creator: user, autoscaling, codeDeployRollback… */
  creator?: string;
  description?: string;
  instances: InstanceCounts;
  error?: { code: string; message: string };
}

export interface DeploymentReader {
  /** The deployment now running in the group (Created, Queued, InProgress, Baking or Ready), if any. */
  active(application: string, group: string): Promise<DeploymentSummary | undefined>;
  /** The group's last successful deployment, if any. */
  lastSuccessful(application: string, group: string): Promise<DeploymentSummary | undefined>;
}

export interface FiringAlarm {
  name: string;
  reason: string;
  since?: Date;
  /** `AWS/EC2 CPUUtilization` for metric alarms; undefined for composite alarms. */
  metric?: string;
}

export interface AlarmReader {
  /** Metric and composite alarms in ALARM whose names start with the prefix. */
  firing(namePrefix: string): Promise<FiringAlarm[]>;
}

export type LifecycleState = string; // InService, Pending, Terminating… (Auto Scaling's LifecycleState)

export interface FleetInstance {
  id: string;
  type?: string;
  availabilityZone?: string;
  lifecycleState: LifecycleState;
  healthy: boolean;
}

export interface Fleet {
  name: string;
  desired: number;
  min: number;
  max: number;
  instances: FleetInstance[];
}

export interface FleetReader {
  /** The Auto Scaling group, or undefined when it does not exist. */
  describe(groupName: string): Promise<Fleet | undefined>;
}

export interface CreditReader {
  /** The latest CPUCreditBalance of each instance (undefined: no datapoint in the last 15 minutes). */
  creditBalances(instanceIds: string[]): Promise<Map<string, number | undefined>>;
}

export type AgentPing = 'Online' | 'ConnectionLost' | 'Inactive' | 'NotRegistered';

export interface AgentReader {
  /** SSM agent ping status per instance; an instance SSM does not know is NotRegistered. */
  pingStatus(instanceIds: string[]): Promise<Map<string, AgentPing>>;
}

/** What the bot can see in one environment's account, as one Slack user (credentials already bound). */
export interface TargetAccount {
  /** Assumes the environment's role for this user, or reuses the cached session; fails with the reason. */
  assumeRole(): Promise<void>;
  deployments: DeploymentReader;
  alarms: AlarmReader;
  fleet: FleetReader;
  credits: CreditReader;
  agents: AgentReader;
  /** What an alarm message needs to know: instances, credits, replacements, the graph. */
  insights: AlarmInsights;
  /** Snooze: an alarm's actions off, and on again. */
  alarmActions: AlarmActionSwitch;
  /** The live fleet: a deployment group's Auto Scaling groups as CodeDeploy sees them now. */
  deploymentGroups: DeploymentGroupReader;
  /** Which Auto Scaling groups exist. */
  groups: GroupDirectory;
  /** Alarms by the groups they watch, and moving them to another group. */
  alarmRewriter: AlarmRewriter;
}

// ── State table ───────────────────────────────────────────────────────────────────────────────

export interface DeployLock {
  app: string;
  env: string;
  /** A Slack user ID, or blueshift's own (SYSTEM_ACTOR) for the lock a rollback leaves. */
  owner: string;
  reason: string;
  since: Date;
  /** When it ends by itself (`/deploy lock … for 2h`); the sweeper lifts it and says so. */
  until?: Date;
}

export interface LockReader {
  get(app: string, env: string): Promise<DeployLock | undefined>;
  list(): Promise<DeployLock[]>;
}

export interface Exemption {
  id: string;
  env: string;
  rule: string;
  path: string;
  cidr?: string;
  requestedBy: string;
  reason: string;
  createdAt: Date;
  expiresAt: Date;
  /** What it exempts from, as the WAF code resolved it (JSON), so the revert removes exactly what was added. */
  target: string;
  approvedBy?: string;
  /** Reverts that failed so far: the sweeper retries every minute and tells the audit channel. */
  revertFailures?: number;
}

export interface ExemptionReader {
  /** Exemptions not yet reverted, optionally for one environment. */
  listActive(env?: string): Promise<Exemption[]>;
}

export type AuditDecision = 'allowed' | 'refused' | 'approved' | 'rejected' | 'expired' | 'succeeded' | 'failed';

export interface AuditEntry {
  at: Date;
  user: string;
  command: string; // e.g. "/status web prod"
  decision: AuditDecision;
  detail: string;
  env?: string;
  app?: string;
  roleSession?: string;
  deploymentId?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
