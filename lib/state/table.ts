/**
 * The port the state store talks to: one DynamoDB-style table keyed by `pk` (partition) and `sk` (sort).
 * Items are plain objects of strings, numbers, booleans, lists and maps; attributes set to undefined are
 * omitted. Dates are stored as ISO strings; `expiresAt` (epoch seconds) is the table's TTL attribute.
 */

export interface TableKey {
  pk: string;
  sk: string;
}

export type TableItem = Record<string, unknown>;

/** A condition expression in DynamoDB's syntax, with its `#name` and `:value` placeholders. */
export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** Attributes to set (by name) and to remove; names need no escaping, the adapter adds placeholders. */
export interface TableUpdate {
  set?: Record<string, unknown>;
  remove?: string[];
}

export interface Table {
  /** The item, read consistently, or undefined when absent. */
  get(key: TableKey): Promise<TableItem | undefined>;
  /** Writes the whole item (which includes its key); rejects with ConditionFailedError when `condition` is false. */
  put(item: TableItem & TableKey, condition?: Condition): Promise<void>;
  /** Updates (or creates) the item and returns it as it is afterwards. */
  update(key: TableKey, update: TableUpdate, condition?: Condition): Promise<TableItem>;
  /**
   * Like `update`, in DynamoDB's own UpdateExpression syntax, for what `update` cannot say: an entry of a map
   * attribute, `if_not_exists`. Its placeholders and the condition's share one namespace: keep them apart.
   */
  updateExpression(key: TableKey, update: Condition, condition?: Condition): Promise<TableItem>;
  /** Deletes the item and returns it as it was, or undefined when there was none. */
  delete(key: TableKey, condition?: Condition): Promise<TableItem | undefined>;
  /** Every item in the partition (all pages, read consistently), in sort-key order, optionally by sk prefix. */
  query(pk: string, skPrefix?: string): Promise<TableItem[]>;
}

/** A conditional write found its condition false; callers decide what that means in their own words. */
export class ConditionFailedError extends Error {
  override readonly name = 'ConditionFailedError';

  constructor(message = 'The condition on the write was not met', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** True when the write happened, false when its condition was not met; any other failure propagates. */
export async function conditionHolds(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}

/** DynamoDB's TTL wants epoch seconds; anything finer is ignored anyway. */
export function ttlSeconds(at: Date, afterMs: number): number {
  return Math.floor((at.getTime() + afterMs) / 1000);
}

export const DAY_MS = 86_400_000;
