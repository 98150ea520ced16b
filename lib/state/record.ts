import type { TableItem } from './table';

/**
 * Reading items back into domain objects. The table is shared and long-lived, so an item written by an older
 * version (or by hand) is checked rather than trusted.
 */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';

  constructor(
    readonly attribute: string,
    item: TableItem,
    options?: { cause?: unknown },
  ) {
    super(`State record ${describe(item)} has no valid "${attribute}"`, options);
  }
}

function describe(item: TableItem): string {
  const { pk, sk } = item;
  return typeof pk === 'string' && typeof sk === 'string' ? `${pk} / ${sk}` : '(without a key)';
}

export function text(item: TableItem, attribute: string): string {
  const value = item[attribute];
  if (typeof value !== 'string') throw new InvalidRecordError(attribute, item);
  return value;
}

export function optionalText(item: TableItem, attribute: string): string | undefined {
  return item[attribute] === undefined ? undefined : text(item, attribute);
}

export function date(item: TableItem, attribute: string): Date {
  const value = new Date(text(item, attribute));
  if (Number.isNaN(value.getTime())) throw new InvalidRecordError(attribute, item);
  return value;
}

export function oneOf<T extends string>(item: TableItem, attribute: string, allowed: readonly T[]): T {
  const value = text(item, attribute);
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw new InvalidRecordError(attribute, item);
  return match;
}
