import type { Activity } from '@aws-sdk/client-auto-scaling';
import { randomBytes } from 'node:crypto';
import type { GreenFleet } from './codedeploy-model';
import { noiseSource, PERIOD_MS, profileOf, quietDemand, simulatePeriod, type CreditPeriod } from './credits';
import { uuid } from './sdk-stub';

/**
 * The account's EC2 instances and Auto Scaling groups, with each instance's CPU and credit history: one
 * CreditPeriod per simulated 5-minute tick. The newest tick is always the last complete period before now, so
 * a series stays fresh however long the sandbox runs; scenarios add ticks (a time-lapse).
 */
export interface SimInstance {
  id: string;
  type: string;
  availabilityZone: string;
  privateIp: string;
  /** The Auto Scaling group it serves in; undefined for green instances not yet promoted, and once terminated. */
  group?: string;
  state: 'running' | 'terminated';
  health: 'Healthy' | 'Unhealthy';
  agent: 'Online' | 'ConnectionLost';
  launchedAt: Date;
  /** The tick of periods[0]. */
  firstTick: number;
  /** CPUCreditBalance before its first period. */
  startBalance: number;
  periods: CreditPeriod[];
  random: () => number;
}

export interface SimGroup {
  name: string;
  arn: string;
  min: number;
  max: number;
  desired: number;
  createdAt: Date;
  /** Newest first, as DescribeScalingActivities returns them. */
  activities: Activity[];
}

const ZONES = ['ap-northeast-2a', 'ap-northeast-2c'];
/** At most two days of history per instance, plenty for a 6-hour diagnosis. */
const MAX_PERIODS = 576;

export class Fleet implements GreenFleet {
  readonly instances = new Map<string, SimInstance>();
  readonly groups = new Map<string, SimGroup>();
  /** Simulated periods so far; the newest period is tick - 1. */
  tick = 0;
  /** CPU % the workload wants per group (absent: a quiet day). */
  readonly surge = new Map<string, number>();
  private seed = 1;

  constructor(readonly origin: { account: string; region: string }, readonly now: () => Date) {}

  /** When a tick's period starts: the newest is the last complete 5-minute period. */
  periodStart(tick: number): Date {
    const newest = Math.floor(this.now().getTime() / PERIOD_MS) * PERIOD_MS - PERIOD_MS;
    return new Date(newest - (this.tick - 1 - tick) * PERIOD_MS);
  }

  addGroup(name: string, ids: string[], options: { min: number; max: number }): void {
    const createdAt = new Date(this.now().getTime() - 62 * 86_400_000);
    const arn = `arn:aws:autoscaling:${this.origin.region}:${this.origin.account}:autoScalingGroup:${uuid()}:autoScalingGroupName/${name}`;
    this.groups.set(name, { name, arn, ...options, desired: ids.length, createdAt, activities: [] });
    ids.forEach((id, i) => this.add(id, name, i, profileOf('t3.micro').maxBalance));
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

  /** New instances get a first datapoint at once; T3 in standard mode launches with no credits. */
  launch(group: string, count: number): string[] {
    return Array.from({ length: count }, (_, i) => {
      const instance = this.add(`i-0${randomBytes(8).toString('hex')}`, undefined, i, 0);
      instance.firstTick = this.tick - 1;
      this.record(instance, group);
      return instance.id;
    });
  }

  promote(group: string, instanceIds: string[]): void {
    for (const instance of this.members(group)) instance.group = undefined;
    for (const id of instanceIds) {
      const instance = this.instances.get(id);
      if (instance?.state === 'running') instance.group = group;
    }
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
      for (const instance of this.running()) this.record(instance, instance.group);
      this.tick += 1;
    }
  }

  latest(instance: SimInstance): CreditPeriod | undefined {
    return instance.periods.at(-1);
  }

  recordActivity(group: string, description: string, cause: string, at: Date): void {
    const found = this.groups.get(group);
    found?.activities.unshift({
      ActivityId: uuid(), AutoScalingGroupName: group, AutoScalingGroupARN: found.arn, Description: description, Cause: cause,
      StartTime: at, EndTime: new Date(at.getTime() + 45_000), StatusCode: 'Successful', Progress: 100,
      Details: JSON.stringify({ 'Subnet ID': 'subnet-0a1b2c3d4e5f60718', 'Availability Zone': ZONES[0] }),
    });
  }

  private add(id: string, group: string | undefined, index: number, balance: number): SimInstance {
    const zone = ZONES[index % ZONES.length] ?? 'ap-northeast-2a';
    const instance: SimInstance = {
      id, type: 't3.micro', availabilityZone: zone, privateIp: `10.0.${index % 2 ? 17 : 1}.${20 + this.instances.size}`,
      group, state: 'running', health: 'Healthy', agent: 'Online', launchedAt: this.now(), firstTick: this.tick,
      startBalance: balance, periods: [], random: noiseSource(this.seed++),
    };
    this.instances.set(id, instance);
    return instance;
  }

  private record(instance: SimInstance, group: string | undefined): void {
    const previous = instance.periods.at(-1)?.balance ?? instance.startBalance;
    const surge = group === undefined ? undefined : this.surge.get(group);
    const demand = surge === undefined ? quietDemand(this.tick, instance.random) : surge + (instance.random() - 0.5) * 6;
    instance.periods.push(simulatePeriod(profileOf(instance.type), previous, demand));
    if (instance.periods.length > MAX_PERIODS) {
      instance.periods.shift();
      instance.firstTick += 1;
    }
  }
}
