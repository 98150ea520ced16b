import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The real EventBridge events the simulated account's events are built from (test/fixtures/payloads; their
 * README says where each comes from), and the time formats AWS writes in them.
 */
const PAYLOADS = join(__dirname, '..', '..', 'test', 'fixtures', 'payloads');

export interface EventEnvelope<TDetail> {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

const cache = new Map<string, unknown>();

/** A fresh copy of a payload template every call, so no event shares objects with another. */
export function template<TDetail>(file: string): EventEnvelope<TDetail> {
  let parsed = cache.get(file);
  if (parsed === undefined) {
    parsed = JSON.parse(readFileSync(join(PAYLOADS, file), 'utf8'));
    cache.set(file, parsed);
  }
  return structuredClone(parsed) as EventEnvelope<TDetail>;
}

/** EventBridge's `time`: `2016-06-30T22:06:31Z`, whole seconds. */
export const eventTime = (at: Date): string => `${at.toISOString().slice(0, 19)}Z`;

/** CloudWatch's alarm timestamps: `2019-10-02T17:04:40.989+0000`. */
export const alarmTime = (at: Date): string => at.toISOString().replace('Z', '+0000');

const two = (n: number): string => String(n).padStart(2, '0');

/** How a StateReason quotes a datapoint's time: `02/10/19 16:59:00` (dd/mm/yy, UTC). */
export function reasonTime(at: Date): string {
  const date = `${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${two(at.getUTCFullYear() % 100)}`;
  return `${date} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`;
}
