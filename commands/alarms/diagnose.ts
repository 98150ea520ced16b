import { isBurstable } from '../burstable';
import { alarmDimensions, type AlarmNotification } from './notification';
import type { AlarmInsights, AlarmInstance } from './ports';
import {
  bySeverity,
  diagnoseThrottling,
  THRESHOLDS,
  type CreditSeries,
  type Diagnosis,
  type Verdict,
} from './throttling';

/** Enough history for "at the baseline for 4 h" and a one-hour trend, well within GetMetricData's limits. */
export const SERIES_HOURS = 6;

const NO_SERIES: CreditSeries = { cpu: [], creditBalance: [] };

const SHORT: Record<Verdict, string> = {
  exhausted: 'throttled',
  draining: 'draining',
  'unlimited-surplus': 'charged for surplus',
  'not-credit-related': 'fine',
  'not-burstable': 'not burstable',
  'insufficient-data': 'without data',
};

/** `2 throttled, 1 fine`, most severe first. */
function groupSummary(diagnosed: { diagnosis: Diagnosis }[]): string {
  const counts = new Map<Verdict, number>();
  for (const { diagnosis } of bySeverity(diagnosed))
    counts.set(diagnosis.verdict, (counts.get(diagnosis.verdict) ?? 0) + 1);
  return [...counts].map(([verdict, count]) => `${count} ${SHORT[verdict]}`).join(', ');
}

/**
 * The throttling diagnosis for an alarm on EC2 instances or an Auto Scaling group with burstable instances:
 * undefined when the alarm is about neither. For a group, the most severe instance speaks for it. AWS
 * failures propagate: the caller posts the alarm without a diagnosis rather than not at all.
 */
export async function diagnoseAlarm(
  notification: AlarmNotification,
  insights: AlarmInsights,
  now: Date,
): Promise<Diagnosis | undefined> {
  const dimensions = alarmDimensions(notification).find((set) => set.InstanceId ?? set.AutoScalingGroupName);
  return dimensions && diagnoseInstances(dimensions, insights, now);
}

/**
 * The same diagnosis for an instance (`InstanceId`) or an Auto Scaling group (`AutoScalingGroupName`) without
 * an alarm: the sweeper's credit watch warns before any alarm fires.
 */
export async function diagnoseInstances(
  dimensions: Record<string, string>,
  insights: AlarmInsights,
  now: Date,
): Promise<Diagnosis | undefined> {
  const target = await insights.instancesFor(dimensions);
  const burstable: AlarmInstance[] = target?.instances.filter((instance) => isBurstable(instance.type)) ?? [];
  if (!target || !burstable.length) return undefined;
  const ids = burstable.map((instance) => instance.id);
  const [modes, series, replacements] = await Promise.all([
    insights.creditModes(ids),
    insights.series(ids, SERIES_HOURS),
    target.groupName ? insights.replacements(target.groupName, THRESHOLDS.replacementHours) : Promise.resolve([]),
  ]);
  const diagnosed = burstable.map((instance) => ({
    instance,
    diagnosis: diagnoseThrottling({
      instanceType: instance.type,
      creditMode: modes.get(instance.id),
      series: series.get(instance.id) ?? NO_SERIES,
      replacements,
      now,
    }),
  }));
  const [worst] = bySeverity(diagnosed);
  if (!worst) return undefined;
  if (diagnosed.length === 1) return { ...worst.diagnosis, subject: worst.instance.id };
  const subject = `${worst.instance.id}, the worst of ${diagnosed.length} instances in ${target.groupName ?? 'the alarm'}`;
  const { creditMode, ...rest } = worst.diagnosis;
  const allUnlimited = diagnosed.every(({ diagnosis }) => diagnosis.creditMode === 'unlimited');
  // A mixed group is not "unlimited": the worst instance's own mode speaks for it only when it is not.
  const mode = allUnlimited ? 'unlimited' : creditMode === 'unlimited' ? undefined : creditMode;
  return {
    ...rest,
    subject,
    facts: [`Instances: ${groupSummary(diagnosed)}`, ...worst.diagnosis.facts],
    ...(mode ? { creditMode: mode } : {}),
  };
}
