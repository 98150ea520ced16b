import type { CreditMode } from '../alarms/throttling';

/**
 * What lifting the throttle asks of the environment's account (EC2 and Auto Scaling, as the person who asked):
 * lib/aws/credit-switch.ts implements it. Every write takes a client token where the API has one, so a retry is
 * the same change, not a second one.
 */

/** The launch template an Auto Scaling group launches from, and the version it names. */
export interface GroupTemplate {
  group: string;
  templateId: string;
  templateName: string;
  /** What the group names: `$Default`, `$Latest` or a version number. */
  versionRef: string;
  /** That version's number now. */
  version: number;
  /** The version's CPU-credit setting (undefined: none, so the account's default for the family). */
  credits?: CreditMode;
  instanceType?: string;
}

/** A group that cannot be changed through a launch template, and why (a launch configuration, a mixed policy). */
export interface NoTemplate {
  group: string;
  problem: string;
}

export interface InstanceSwitch {
  switched: string[];
  failed: { id: string; code: string; message: string }[];
}

export interface CreditSwitch {
  template(group: string): Promise<GroupTemplate | NoTemplate>;
  /** ModifyInstanceCreditSpecification: each instance's own result (the call succeeds for some and not others). */
  switchInstances(instanceIds: string[], mode: CreditMode, token: string): Promise<InstanceSwitch>;
  /** A new version from the group's own, with only the credit setting (or the type) changed; its number. */
  createVersion(
    template: GroupTemplate,
    change: { credits?: CreditMode; instanceType?: string },
    description: string,
    token: string,
  ): Promise<number>;
  /** ModifyLaunchTemplate: the template's default version. */
  setDefaultVersion(templateId: string, version: number): Promise<void>;
  /** UpdateAutoScalingGroup: the group launches exactly this version. */
  pinGroupVersion(group: string, templateId: string, version: number): Promise<void>;
}

/** One instance refresh of a group, as Auto Scaling describes it (DescribeInstanceRefreshes). */
export interface RefreshState {
  id: string;
  /** Auto Scaling's status: Pending, InProgress, Successful, Failed, Cancelling, Cancelled, Rollback…, Baking. */
  status: string;
  percentage?: number;
  /** Why it is where it is (waiting for warm-up, why it failed). */
  reason?: string;
  ended: boolean;
  succeeded: boolean;
}

/** Instance refreshes of the environment's groups, as the person who asked (lib/aws/instance-refresh.ts). */
export interface InstanceRefreshes {
  /**
   * StartInstanceRefresh: replaces the group's instances with ones from the launch template version it names now.
   * A refresh already running (one per group) is returned as `adopted` rather than failing: a retry after AWS took
   * the start finds its own.
   */
  start(group: string): Promise<{ id: string; adopted: boolean }>;
  /** DescribeInstanceRefreshes of one refresh; undefined when Auto Scaling no longer knows it. */
  describe(group: string, id: string): Promise<RefreshState | undefined>;
}
