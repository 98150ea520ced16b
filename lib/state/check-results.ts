import type { CheckResult } from '../../commands/checks/types';
import type { TableItem } from './table';

/** Check results are kept as one JSON attribute: a short list, always read and written whole. */
export function writeResults(results: CheckResult[]): string {
  return JSON.stringify(results);
}

export function readResults(item: TableItem, attribute = 'results'): CheckResult[] {
  const value = item[attribute];
  const raw = typeof value === 'string' ? (JSON.parse(value) as (CheckResult & { at: string })[]) : [];
  return raw.map((result) => ({ ...result, at: new Date(result.at) }));
}
