/**
 * Burstable (T) instance facts from the EC2 user guide: credits earned per hour, the most a balance can hold, and
 * the per-vCPU baseline CloudWatch reports CPUUtilization against
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-credits-baseline-concepts.html). One credit is one
 * vCPU at 100 % for one minute; t3 and t3a earn the same.
 */
export interface BurstableProfile {
  creditsPerHour: number;
  maxBalance: number;
  vcpus: number;
  baselinePercent: number;
}

const T3: Record<string, BurstableProfile> = {
  nano: { creditsPerHour: 6, maxBalance: 144, vcpus: 2, baselinePercent: 5 },
  micro: { creditsPerHour: 12, maxBalance: 288, vcpus: 2, baselinePercent: 10 },
  small: { creditsPerHour: 24, maxBalance: 576, vcpus: 2, baselinePercent: 20 },
  medium: { creditsPerHour: 24, maxBalance: 576, vcpus: 2, baselinePercent: 20 },
  large: { creditsPerHour: 36, maxBalance: 864, vcpus: 2, baselinePercent: 30 },
  xlarge: { creditsPerHour: 96, maxBalance: 2304, vcpus: 4, baselinePercent: 40 },
  '2xlarge': { creditsPerHour: 192, maxBalance: 4608, vcpus: 8, baselinePercent: 40 },
};

const T2: Record<string, BurstableProfile> = {
  nano: { creditsPerHour: 3, maxBalance: 72, vcpus: 1, baselinePercent: 5 },
  micro: { creditsPerHour: 6, maxBalance: 144, vcpus: 1, baselinePercent: 10 },
  small: { creditsPerHour: 12, maxBalance: 288, vcpus: 1, baselinePercent: 20 },
  medium: { creditsPerHour: 24, maxBalance: 576, vcpus: 2, baselinePercent: 20 },
  large: { creditsPerHour: 36, maxBalance: 864, vcpus: 2, baselinePercent: 30 },
  xlarge: { creditsPerHour: 54, maxBalance: 1296, vcpus: 4, baselinePercent: 22.5 },
  '2xlarge': { creditsPerHour: 81.6, maxBalance: 1958.4, vcpus: 8, baselinePercent: 17 },
};

const FAMILIES: Record<string, Record<string, BurstableProfile>> = { t2: T2, t3: T3, t3a: T3, t4g: T3 };

/** True for t2, t3, t3a and t4g instance types, whatever the size. */
export function isBurstable(instanceType: string | undefined): boolean {
  return instanceType !== undefined && /^t(2|3a?|4g)\./.test(instanceType);
}

/** The profile of a burstable type, or undefined for other types (and sizes this table does not know). */
export function burstableProfile(instanceType: string | undefined): BurstableProfile | undefined {
  const [family = '', size = ''] = (instanceType ?? '').split('.');
  return FAMILIES[family]?.[size];
}
