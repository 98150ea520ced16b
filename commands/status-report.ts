import type { AgentPing, DeployLock, DeploymentSummary, Exemption, FiringAlarm, Fleet } from './ports';

/** What `/status` found, ready for the renderer. A section that could not be read says why. */
export type Section<T> = { ok: true; value: T } | { ok: false; error: string };

export interface DeploymentView extends DeploymentSummary {
  revisionLabel: string | undefined;
  /** The Slack user who asked blueshift for it, when blueshift started it. */
  requestedBy: string | undefined;
}

export interface FleetView {
  fleet: Fleet;
  /** Undefined when no instance in the group is burstable. */
  credits: Section<Map<string, number | undefined>> | undefined;
  agents: Section<Map<string, AgentPing>>;
}

/** Undefined sections are not configured for this app and environment (no group, no alarm prefix…). */
export interface AppEnvStatus {
  app: string;
  env: string;
  protected: boolean;
  /** From the state table; a failed read says so rather than showing "unlocked". */
  lock: Section<DeployLock | undefined>;
  deployment: Section<{ active: DeploymentView | undefined; last: DeploymentView | undefined }> | undefined;
  alarms: Section<FiringAlarm[]> | undefined;
  /** `value: undefined`: the configured Auto Scaling group does not exist. */
  fleet: Section<FleetView | undefined> | undefined;
  fleetName: string | undefined;
}

export interface StatusReport {
  /** `web prod`, `prod`, or `all apps`. */
  scope: string;
  generatedAt: Date;
  entries: AppEnvStatus[];
  exemptions: Section<Exemption[]>;
}
