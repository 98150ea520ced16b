/**
 * The SNS alarm message's `Region` is a display name ("EU (London)"), not a code. The ARN is the reliable
 * source; this table is the fallback for older messages without `AlarmArn`. Both the old "EU (…)" and the
 * newer "Europe (…)" spellings appear.
 */
const DISPLAY_NAMES: Record<string, string> = {
  'US East (N. Virginia)': 'us-east-1',
  'US East (Ohio)': 'us-east-2',
  'US West (N. California)': 'us-west-1',
  'US West (Oregon)': 'us-west-2',
  'Africa (Cape Town)': 'af-south-1',
  'Asia Pacific (Hong Kong)': 'ap-east-1',
  'Asia Pacific (Taipei)': 'ap-east-2',
  'Asia Pacific (Tokyo)': 'ap-northeast-1',
  'Asia Pacific (Seoul)': 'ap-northeast-2',
  'Asia Pacific (Osaka)': 'ap-northeast-3',
  'Asia Pacific (Mumbai)': 'ap-south-1',
  'Asia Pacific (Hyderabad)': 'ap-south-2',
  'Asia Pacific (Singapore)': 'ap-southeast-1',
  'Asia Pacific (Sydney)': 'ap-southeast-2',
  'Asia Pacific (Jakarta)': 'ap-southeast-3',
  'Asia Pacific (Melbourne)': 'ap-southeast-4',
  'Asia Pacific (Malaysia)': 'ap-southeast-5',
  'Asia Pacific (Thailand)': 'ap-southeast-7',
  'Canada (Central)': 'ca-central-1',
  'Canada West (Calgary)': 'ca-west-1',
  'EU (Frankfurt)': 'eu-central-1',
  'EU (Zurich)': 'eu-central-2',
  'EU (Stockholm)': 'eu-north-1',
  'EU (Milan)': 'eu-south-1',
  'EU (Spain)': 'eu-south-2',
  'EU (Ireland)': 'eu-west-1',
  'EU (London)': 'eu-west-2',
  'EU (Paris)': 'eu-west-3',
  'Israel (Tel Aviv)': 'il-central-1',
  'Mexico (Central)': 'mx-central-1',
  'Middle East (UAE)': 'me-central-1',
  'Middle East (Bahrain)': 'me-south-1',
  'South America (Sao Paulo)': 'sa-east-1',
  'South America (São Paulo)': 'sa-east-1',
  'AWS GovCloud (US-East)': 'us-gov-east-1',
  'AWS GovCloud (US-West)': 'us-gov-west-1',
};

const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function isRegionCode(text: string | undefined): text is string {
  return text !== undefined && REGION_CODE.test(text);
}

/** `EU (London)` or `Europe (London)` → `eu-west-2`; undefined for names this table does not know. */
export function regionFromDisplayName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return DISPLAY_NAMES[name.trim().replace(/^Europe \(/, 'EU (')];
}

/** The region and account fields of an ARN (`arn:partition:service:region:account:…`), as written. */
export function arnParts(arn: string | undefined): { region?: string; account?: string } {
  const [prefix, , , region, account] = (arn ?? '').split(':');
  const orUndefined = (part: string | undefined): string | undefined => (part === '' ? undefined : part);
  return prefix === 'arn' ? { region: orUndefined(region), account: orUndefined(account) } : {};
}

/**
 * The alarm's region code: the ARN's when it is a code, else the display name's, else whatever the ARN says
 * (a placeholder such as `REGION` then routes nowhere and lands in the audit channel, rather than being dropped).
 */
export function alarmRegion(alarmArn: string | undefined, displayName?: string): string | undefined {
  const fromArn = arnParts(alarmArn).region;
  if (isRegionCode(fromArn)) return fromArn;
  return regionFromDisplayName(displayName) ?? fromArn ?? (isRegionCode(displayName) ? displayName : undefined);
}
