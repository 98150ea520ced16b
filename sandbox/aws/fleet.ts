import type { Activity } from '@aws-sdk/client-auto-scaling';
import { randomBytes } from 'node:crypto';
import type { GreenFleet } from './codedeploy-model';
import { noiseSource, PERIOD_MS, profileOf, quietDemand, simulatePeriod, type CreditPeriod } from './credits';
import { uuid } from './sdk-stub';
import { eventTime } from './templates';

/**
 * The account's EC2 instances and Auto Scaling groups, with each instance's CPU and credit history: one
 * CreditPeriod per simulated 5-minute tick, marked with the group the instance was in then (CloudWatch keeps a
 * datapoint under the AutoScalingGroupName it was published with, so a deleted group's history stays and simply
 * gets no newer datapoints). The newest tick is always the last complete period before now, so a series stays
 * fresh however long the sandbox runs; scenarios add ticks (a time-lapse).
 */
export interface InstancePeriod extends CreditPeriod {
  /** The Auto Scaling group the instance was in during the period. */
  group?: string;
}

export interface SimInstance {
  id: string;
  type: string;
  availabilityZone: string;
  privateIp: string;
  /** The Auto Scaling group it is in; undefined once terminated. */
  group?: string;
  state: 'running' | 'terminated';
  health: 'Healthy' | 'Unhealthy';
  agent: 'Online' | 'ConnectionLost';
  /** Its CPU-credit mode: unlimited is never held at the baseline (sandbox/aws/launch-templates.ts). */
  credits?: 'standard' | 'unlimited';
  /** The launch template version it was launched from (the seeded ones: 1). */
  templateVersion?: number;
  launchedAt: Date;
  /** The tick of periods[0]. */
  firstTick: number;
  /** CPUCreditBalance before its first period. */
  startBalance: number;
  periods: InstancePeriod[];
  random: () => number;
}

export interface SimGroup {
  name: string;
  arn: string;
  min: number;
  max: number;
  desired: number;
  instanceType: string;
  launchTemplate: { name: string; version: string };
  targetGroupArns: string[];
  tags: { Key: string; Value: string; PropagateAtLaunch: boolean }[];
  /** Auto Scaling processes suspended on the group (CodeDeploy suspends some on the green copy until traffic moves). */
  suspendedProcesses: string[];
  createdAt: Date;
  /** Newest first, as DescribeScalingActivities returns them. */
  activities: Activity[];
}

/** What an instance is launched as, from a launch template version. */
export interface LaunchSpec {
  version: number;
  instanceType: string;
  credits: 'standard' | 'unlimited';
}

const ZONES = ['ap-northeast-2a', 'ap-northeast-2c'];
/** The tag CodeDeploy puts on the group it provisions for a blue/green deployment. */
export const PROVISIONING_TAG = 'CodeDeployProvisioningDeploymentId';
/** At most two days of history per instance, plenty for a 6-hour diagnosis. */
const MAX_PERIODS = 576;

export class Fleet implements GreenFleet {
  readonly instances = new Map<string, SimInstance>();
  /** The groups that exist: what DescribeAutoScalingGroups answers. */
  readonly groups = new Map<string, SimGroup>();
  /** Deleted groups, kept for DescribeScalingActivities with IncludeDeletedGroups. */
  readonly deletedGroups = new Map<string, SimGroup>();
  /** Simulated periods so far; the newest period is tick - 1. */
  tick = 0;
  /** CPU % the workload wants per group (absent: a quiet day). */
  readonly surge = new Map<string, number>();
  /** The credit mode new instances launch with: the launch template's latest version (the groups launch `$Latest`). */
  launchCredits: 'standard' | 'unlimited' = 'standard';
  /**
   * What a launch template version (a number, `$Latest` or `$Default`) launches; set by the EC2 stub that holds the
   * template, so new instances get the type and credits of the version their group names.
   */
  launchTemplate?: (version: string) => LaunchSpec | undefined;
  private seed = 1;

  constructor(
    readonly origin: { account: string; region: string },
    readonly now: () => Date,
  ) {}

  /** When a tick's period starts: the newest is the last complete 5-minute period. */
  periodStart(tick: number): Date {
    const newest = Math.floor(this.now().getTime() / PERIOD_MS) * PERIOD_MS - PERIOD_MS;
    return new Date(newest - (this.tick - 1 - tick) * PERIOD_MS);
  }

  /** A group that was there before the simulation began, with its instances (credit balances full). */
  addGroup(name: string, ids: string[], options: { min: number; max: number; targetGroup: string }): void {
    const { account, region } = this.origin;
    this.groups.set(name, {
      name,
      arn: this.groupArn(name),
      min: options.min,
      max: options.max,
      desired: ids.length,
      instanceType: 't3.micro',
      launchTemplate: { name: 'edu-web', version: '$Latest' },
      targetGroupArns: [
        `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${options.targetGroup}/6d0ecf831eec9f09`,
      ],
      tags: [{ Key: 'app', Value: 'edu-web', PropagateAtLaunch: true }],
      suspendedProcesses: [],
      createdAt: new Date(this.now().getTime() - 62 * 86_400_000),
      activities: [],
    });
    ids.forEach((id, i) => this.add(id, name, i, profileOf('t3.micro').maxBalance));
  }

  /**
   * What CodeDeploy does for a COPY_AUTO_SCALING_GROUP deployment: a new group with the original's size, launch
   * template, instance type, target groups and tags, plus its own CodeDeployProvisioningDeploymentId tag, with
   * the processes that would add its instances to the load balancer suspended until traffic moves.
   */
  copyGroup(original: string, name: string, deploymentId: string): void {
    const source = this.groups.get(original);
    if (!source) throw new Error(`No Auto Scaling group ${original} in the sandbox account to copy`);
    this.groups.set(name, {
      ...structuredClone(source),
      name,
      arn: this.groupArn(name),
      createdAt: this.now(),
      activities: [],
      tags: [
        ...source.tags.filter((tag) => tag.Key !== PROVISIONING_TAG).map((tag) => ({ ...tag })),
        { Key: PROVISIONING_TAG, Value: deploymentId, PropagateAtLaunch: false },
      ],
      suspendedProcesses: ['AddToLoadBalancer', 'AlarmNotification', 'ScheduledActions'],
    });
  }

  /** Traffic moved to `name`: its suspended processes resume. */
  resumeProcesses(name: string): void {
    const group = this.groups.get(name);
    if (group) group.suspendedProcesses = [];
  }

  /**
   * DeleteAutoScalingGroup with ForceDelete: its instances are terminated with it, its metrics get no new datapoints.
   */
  deleteGroup(name: string): void {
    const group = this.groups.get(name);
    if (!group) return;
    this.terminate(this.serving(name));
    this.groups.delete(name);
    this.deletedGroups.set(name, group);
    this.surge.delete(name);
  }

  /** The workload follows the traffic from one group to another. */
  shiftLoad(from: string, to: string): void {
    const surge = this.surge.get(from);
    this.surge.delete(from);
    if (surge !== undefined) this.surge.set(to, surge);
  }

  private groupArn(name: string): string {
    return `arn:aws:autoscaling:${this.origin.region}:${this.origin.account}:autoScalingGroup:${uuid()}:autoScalingGroupName/${name}`;
  }

  members(group: string): SimInstance[] {
    return [...this.instances.values()].filter((i) => i.group === group && i.state === 'running');
  }

  running(): SimInstance[] {
    return [...this.instances.values()].filter((i) => i.state === 'running');
  }

  serving(group: string): string[] {
    return this.members(group).map((i) => i.id);
  }

  /**
   * Instances launched into the group, InService, from the launch template version the group names (or `version`);
   * each gets a first datapoint at once. T3 in standard mode launches with no credits.
   */
  launch(group: string, count: number, version?: string): string[] {
    const found = this.groups.get(group);
    const spec = found && this.launchTemplate?.(version ?? found.launchTemplate.version);
    const type = spec?.instanceType ?? found?.instanceType ?? 't3.micro';
    return Array.from({ length: count }, (_, i) => {
      const instance = this.add(`i-0${randomBytes(8).toString('hex')}`, group, i, 0, type);
      if (spec) Object.assign(instance, { credits: spec.credits, templateVersion: spec.version });
      instance.firstTick = this.tick - 1;
      this.record(instance);
      return instance.id;
    });
  }

  terminate(instanceIds: string[]): void {
    for (const id of instanceIds) {
      const instance = this.instances.get(id);
      if (instance) Object.assign(instance, { state: 'terminated', group: undefined });
    }
  }

  /** `periods` more ticks for every running instance: the time-lapse scenarios are made of. */
  advance(periods: number): void {
    for (let n = 0; n < periods; n += 1) {
      for (const instance of this.running()) this.record(instance);
      this.tick += 1;
    }
  }

  latest(instance: SimInstance): InstancePeriod | undefined {
    return instance.periods.at(-1);
  }

  /** The activities of a group created empty and then sized, as CodeDeploy does with its copy. */
  recordLaunches(group: string, instanceIds: string[]): void {
    const at = this.now();
    const found = this.groups.get(group);
    const constraints = found ? `to min: ${found.min}, max: ${found.max}, desired: ${instanceIds.length} ` : '';
    instanceIds.forEach((id, i) =>
      this.recordActivity(
        group,
        `Launching a new EC2 instance: ${id}`,
        `At ${eventTime(at)} a user request update of AutoScalingGroup constraints ${constraints}changing the desired capacity from 0 to ${instanceIds.length}. ` +
          `At ${eventTime(at)} an instance was started in response to a difference between desired and running capacity, increasing the capacity from ${i} to ${i + 1}.`,
        at,
      ),
    );
  }

  /** `failed`: a launch Auto Scaling gave up on, with the reason it reports as its status message. */
  recordActivity(group: string, description: string, cause: string, at: Date, failed?: { reason: string }): void {
    const found = this.groups.get(group);
    found?.activities.unshift({
      ActivityId: uuid(),
      AutoScalingGroupName: group,
      AutoScalingGroupARN: found.arn,
      Description: description,
      Cause: cause,
      StartTime: at,
      EndTime: new Date(at.getTime() + 45_000),
      StatusCode: failed ? 'Failed' : 'Successful',
      ...(failed ? { StatusMessage: failed.reason } : {}),
      Progress: 100,
      Details: JSON.stringify({ 'Subnet ID': 'subnet-0a1b2c3d4e5f60718', 'Availability Zone': ZONES[0] }),
    });
  }

  private add(id: string, group: string | undefined, index: number, balance: number, type = 't3.micro'): SimInstance {
    const zone = ZONES[index % ZONES.length] ?? 'ap-northeast-2a';
    const instance: SimInstance = {
      id,
      type,
      availabilityZone: zone,
      privateIp: `10.0.${index % 2 ? 17 : 1}.${20 + this.instances.size}`,
      group,
      state: 'running',
      health: 'Healthy',
      agent: 'Online',
      credits: this.launchCredits,
      launchedAt: this.now(),
      firstTick: this.tick,
      startBalance: balance,
      periods: [],
      random: noiseSource(this.seed++),
    };
    this.instances.set(id, instance);
    return instance;
  }

  private record(instance: SimInstance): void {
    const { group } = instance;
    const last = instance.periods.at(-1);
    const previous = last?.balance ?? instance.startBalance;
    const surge = group === undefined ? undefined : this.surge.get(group);
    const demand =
      surge === undefined ? quietDemand(this.tick, instance.random) : surge + (instance.random() - 0.5) * 6;
    instance.periods.push({
      ...simulatePeriod(profileOf(instance.type), previous, demand, instance.credits === 'unlimited', last?.surplus),
      group,
    });
    if (instance.periods.length > MAX_PERIODS) {
      instance.periods.shift();
      instance.firstTick += 1;
    }
  }
}
