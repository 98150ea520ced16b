import type { ManagedGroupDescription } from './ports';

/**
 * The label a managed rule adds to the requests it matches, which a rule exemption's blocking rule matches on.
 * Taken from the group's AvailableLabels, comparing case-insensitively: the case can differ from the rule name
 * (AdminProtection_URIPATH adds `awswaf:managed:aws:admin-protection:AdminProtection_URIPath`), and label matching
 * is exact. Undefined when the group lists no such label: then a rule exemption is refused rather than guessed,
 * because a label rule that never matches plus a Count override would switch the rule off for every path.
 */
export function ruleLabel(
  group: Pick<ManagedGroupDescription, 'labelNamespace' | 'labels'>,
  ruleName: string,
): string | undefined {
  const raw = group.labelNamespace ?? '';
  const namespace = raw === '' || raw.endsWith(':') ? raw : `${raw}:`;
  const qualified = (label: string) => (label.startsWith('awswaf:') ? label : `${namespace}${label}`);
  const wanted = `${namespace}${ruleName}`.toLowerCase();
  return group.labels.map(qualified).find((label) => label.toLowerCase() === wanted);
}
