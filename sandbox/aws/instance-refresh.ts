import {
  AutoScalingServiceException,
  DescribeInstanceRefreshesCommand,
  InstanceRefreshInProgressFault,
  StartInstanceRefreshCommand,
  type AutoScalingClient,
  type DescribeInstanceRefreshesCommandInput,
  type InstanceRefresh,
  type InstanceRefreshStatus,
  type StartInstanceRefreshCommandInput,
} from '@aws-sdk/client-auto-scaling';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { page } from './fleet-clients';
import type { Fleet } from './fleet';
import { answer, awsError, errorMeta, uuid } from './sdk-stub';
import { eventTime } from './templates';
import type { Timeline } from './timeline';

/**
 * Auto Scaling's instance refresh on the simulated account
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-overview.html), the Rolling strategy with
 * the default preferences (MinHealthyPercentage 90, MaxHealthyPercentage 100): one step Pending, then the group's
 * instances replaced one at a time, each terminated, its replacement launched from the launch template version the
 * group names (or the desired configuration's) and warmed up for WARMUP_STEPS before the next; Successful once all
 * are, and a desired configuration then becomes the group's. One refresh at a time per group
 * (InstanceRefreshInProgressFault); a group deleted under it (a blue/green deployment ended) fails it.
 */
export const WARMUP_STEPS = 2;

const ACTIVE: ReadonlySet<InstanceRefreshStatus> = new Set<InstanceRefreshStatus>([
  'Pending',
  'InProgress',
  'Cancelling',
  'RollbackInProgress',
  'Baking',
]);

interface Refresh {
  id: string;
  group: string;
  status: InstanceRefreshStatus;
  reason?: string;
  startedAt: Date;
  endedAt?: Date;
  /** The instances to replace, as they were at the start. */
  old: string[];
  replaced: number;
  /** The launch template version the replacements launch from; set on the group on success when it was asked. */
  version?: string;
  desired: boolean;
}

export class InstanceRefreshes {
  /** Newest first, as DescribeInstanceRefreshes sorts them. */
  private readonly refreshes: Refresh[] = [];

  constructor(
    private readonly fleet: Fleet,
    private readonly timeline: Timeline,
  ) {}

  start(input: StartInstanceRefreshCommandInput): { InstanceRefreshId: string } {
    const name = input.AutoScalingGroupName ?? '';
    const group = this.fleet.groups.get(name);
    if (!group)
      throw awsError('ValidationError', `AutoScalingGroup name not found - ${name}`, AutoScalingServiceException);
    if (input.Strategy === 'ReplaceRootVolume' || input.DesiredConfiguration?.MixedInstancesPolicy)
      throw awsError(
        'SandboxUnsupportedOperation',
        "The sandbox's simulated Auto Scaling refreshes with the Rolling strategy and a launch template only.",
      );
    const running = this.refreshes.find((refresh) => refresh.group === name && ACTIVE.has(refresh.status));
    if (running)
      throw new InstanceRefreshInProgressFault({
        ...errorMeta,
        message: `An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.`,
      });
    const desired = input.DesiredConfiguration?.LaunchTemplate?.Version;
    const refresh: Refresh = {
      id: uuid(),
      group: name,
      status: 'Pending',
      startedAt: this.fleet.now(),
      old: this.fleet.serving(name),
      replaced: 0,
      desired: desired !== undefined,
      ...(desired !== undefined ? { version: desired } : {}),
    };
    this.refreshes.unshift(refresh);
    void this.run(refresh);
    return { InstanceRefreshId: refresh.id };
  }

  describe(input: DescribeInstanceRefreshesCommandInput): { InstanceRefreshes: InstanceRefresh[]; NextToken?: string } {
    const ids = input.InstanceRefreshIds ?? [];
    const found = this.refreshes.filter(
      (refresh) => refresh.group === input.AutoScalingGroupName && (!ids.length || ids.includes(refresh.id)),
    );
    const { items, NextToken } = page(found, input, 50);
    return { InstanceRefreshes: items.map((refresh) => this.shape(refresh)), NextToken };
  }

  private shape(refresh: Refresh): InstanceRefresh {
    const total = refresh.old.length;
    return {
      InstanceRefreshId: refresh.id,
      AutoScalingGroupName: refresh.group,
      Status: refresh.status,
      ...(refresh.reason ? { StatusReason: refresh.reason } : {}),
      StartTime: refresh.startedAt,
      ...(refresh.endedAt ? { EndTime: refresh.endedAt } : {}),
      PercentageComplete: total ? Math.floor((refresh.replaced * 100) / total) : 100,
      InstancesToUpdate: total - refresh.replaced,
      Preferences: {
        MinHealthyPercentage: 90,
        MaxHealthyPercentage: 100,
        InstanceWarmup: 300,
        SkipMatching: false,
        AutoRollback: false,
        ScaleInProtectedInstances: 'Wait',
        StandbyInstances: 'Wait',
      },
      Strategy: 'Rolling',
    };
  }

  private end(refresh: Refresh, status: InstanceRefreshStatus, reason?: string): void {
    Object.assign(refresh, { status, endedAt: this.fleet.now() });
    if (reason) refresh.reason = reason;
    else delete refresh.reason;
  }

  private async run(refresh: Refresh): Promise<void> {
    if (!(await this.timeline.sleep(1))) return;
    refresh.status = 'InProgress';
    for (const oldId of refresh.old) {
      if (!this.fleet.groups.has(refresh.group)) {
        this.end(refresh, 'Failed', `The Auto Scaling group ${refresh.group} was deleted.`);
        return;
      }
      // One already replaced (a failed health check) is not replaced again.
      if (this.fleet.instances.get(oldId)?.group === refresh.group) {
        this.replace(refresh, oldId);
        if (!(await this.timeline.sleep(WARMUP_STEPS))) return;
      }
      refresh.replaced += 1;
    }
    const group = this.fleet.groups.get(refresh.group);
    if (!group) {
      this.end(refresh, 'Failed', `The Auto Scaling group ${refresh.group} was deleted.`);
      return;
    }
    if (refresh.desired && refresh.version) group.launchTemplate.version = refresh.version;
    this.end(refresh, 'Successful');
  }

  /** Terminate one, launch its replacement (MaxHealthyPercentage 100: never above the desired capacity). */
  private replace(refresh: Refresh, oldId: string): void {
    const at = this.fleet.now();
    const size = this.fleet.members(refresh.group).length;
    this.fleet.terminate([oldId]);
    this.fleet.recordActivity(
      refresh.group,
      `Terminating EC2 instance: ${oldId}`,
      `At ${eventTime(at)} an instance was taken out of service in response to an instance refresh. ` +
        `At ${eventTime(at)} instance ${oldId} was selected for termination.`,
      at,
    );
    const [launched = ''] = this.fleet.launch(refresh.group, 1, refresh.version);
    this.fleet.recordActivity(
      refresh.group,
      `Launching a new EC2 instance: ${launched}`,
      `At ${eventTime(at)} an instance was started in response to a difference between desired and running capacity, ` +
        `increasing the capacity from ${size - 1} to ${size}.`,
      at,
    );
    refresh.reason = `Waiting for instances to warm up before continuing. For example: ${launched} is warming up.`;
  }
}

/** StartInstanceRefresh and DescribeInstanceRefreshes on the account's Auto Scaling stub. */
export function answerInstanceRefreshes(
  autoscaling: AwsClientStub<AutoScalingClient>,
  fleet: Fleet,
  timeline: Timeline,
): InstanceRefreshes {
  const refreshes = new InstanceRefreshes(fleet, timeline);
  autoscaling
    .on(StartInstanceRefreshCommand)
    .callsFake(answer((input: StartInstanceRefreshCommandInput) => refreshes.start(input)));
  autoscaling
    .on(DescribeInstanceRefreshesCommand)
    .callsFake(answer((input: DescribeInstanceRefreshesCommandInput) => refreshes.describe(input)));
  return refreshes;
}
