import type { CheckRun } from './checks/episodes';
import type { FreezeState } from './deploy/freeze';
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
  /**
   * The group serving traffic, read from the deployment group (blue/green replaces it at every deployment) or the
   * configured name. `value: undefined`: that group does not exist. A failure says why (the deployment group or
   * the group could not be read); undefined: neither CodeDeploy nor the configuration names a group.
   */
  fleet: Section<FleetView | undefined> | undefined;
  fleetName: string | undefined;
  /** Groups the deployment group also lists (it may list up to 10). */
  otherGroups?: string[];
  /** The green copy a running blue/green deployment provisions, read like the serving one. */
  green?: { name: string; deploymentId: string; fleet: Section<FleetView | undefined> };
  /** The last run of the app's HTTP checks here (undefined: none configured; `value: undefined`: not run yet). */
  checks?: Section<CheckRun | undefined>;
  /** The environment's freeze now, or the next one (undefined: no deploy windows or freezes configured). */
  freeze?: FreezeState;
}

export interface StatusReport {
  /** `web prod`, `prod`, or `all apps`. */
  scope: string;
  generatedAt: Date;
  entries: AppEnvStatus[];
  exemptions: Section<Exemption[]>;
}
