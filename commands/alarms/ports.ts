import type { AlarmNotification } from './notification';
import type { CreditMode, CreditSeries, Replacement } from './throttling';

/**
 * What the alarm pipeline asks of the alarm's account (through the environment's role): which instances an
 * alarm is about, their CPU-credit history, Auto Scaling replacements, and a graph. lib/aws/alarm-diagnosis.ts
 * implements it; commands never see the SDK.
 */
export interface AlarmInstance {
  id: string;
  /** `t3.micro`; undefined when EC2 or Auto Scaling did not say. */
  type?: string;
}

export interface AlarmTarget {
  instances: AlarmInstance[];
  /** The Auto Scaling group, when the alarm names one or the instance belongs to one. */
  groupName?: string;
}

export interface AlarmInsights {
  /** `InstanceId` → that instance; `AutoScalingGroupName` → the group's instances; undefined for neither (or gone). */
  instancesFor(dimensions: Record<string, string>): Promise<AlarmTarget | undefined>;
  /** Credit mode per instance; instances EC2 does not report are absent. */
  creditModes(instanceIds: string[]): Promise<Map<string, CreditMode>>;
  /** The last `hours` of CPU and credit metrics per instance, at 5-minute periods. */
  series(instanceIds: string[], hours: number): Promise<Map<string, CreditSeries>>;
  /** Instances the group terminated or launched for health reasons in the last `hours`, newest first. */
  replacements(groupName: string, hours: number): Promise<Replacement[]>;
  /** A PNG of the alarm's metric with its threshold; undefined for alarms with nothing to plot (composite). */
  graph(notification: AlarmNotification, hours?: number): Promise<Uint8Array | undefined>;
}

/** Turning an alarm's actions (its SNS, Auto Scaling and EC2 actions) off and on: what Snooze does and undoes. */
export interface AlarmActionSwitch {
  disable(alarmName: string): Promise<void>;
  enable(alarmName: string): Promise<void>;
}
