import * as z from 'zod';
import { parseDuration } from './duration';

// Fields more than one part of the configuration uses (lib/config/schema.ts, lib/config/checks.ts).

/** Environment, app and group keys. */
export const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be lowercase letters, digits, - or _');

/** A duration as the configuration writes it (`30m`, `2h`, `5s`), read as milliseconds. */
export const duration = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, 'must be a duration such as 30m, 2h or 1d')
  .transform((text) => parseDuration(text) ?? 0);

/** `duration`, at most `maxMs`; the message names the limit as the configuration would write it. */
export const durationAtMost = (maxMs: number, max: string) =>
  duration.refine((ms) => ms <= maxMs, `must be at most ${max}`);
