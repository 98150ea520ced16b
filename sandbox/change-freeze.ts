import { writeFileSync } from 'node:fs';
import { clockText, formatLocal, localAt } from '../commands/zoned-time';
import type { BlueshiftConfig } from '../lib/config/schema';
import { withFreeze } from './app-config';

/** The environment the console's "Start a change freeze" freezes, and for how long. */
const FROZEN_ENV = 'prod';
const FREEZE_MS = 2 * 3_600_000;
export const CHANGE_FREEZE_REASON = 'Change freeze: the spring launch';

/** `2025-10-03 09:00`: a local time as the configuration writes it. */
function configTime(instant: Date, timeZone: string): string {
  const local = localAt(timeZone, instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.year}-${pad(local.month)}-${pad(local.day)} ${clockText(local.minute)}`;
}

/**
 * "Start a change freeze": a dated freeze on web prod from the current minute for two hours, written into the
 * configuration file the bot reads (it reads it again when it changes), in prod's time zone. The sweeper then
 * announces it, a /deploy is refused, and `override <reason>` asks an approver.
 */
export function changeFreeze(
  configFile: string,
  rendered: string,
  config: BlueshiftConfig,
  now: () => Date = () => new Date(),
): { start(): { note: string } } {
  let text = rendered;
  return {
    start() {
      const timeZone = config.environments[FROZEN_ENV]?.calendar.timeZone ?? 'UTC';
      const from = now();
      const to = new Date(from.getTime() + FREEZE_MS);
      text = withFreeze(text, FROZEN_ENV, {
        from: configTime(from, timeZone),
        to: configTime(to, timeZone),
        reason: CHANGE_FREEZE_REASON,
      });
      writeFileSync(configFile, text);
      return {
        note: `${FROZEN_ENV} is frozen until ${formatLocal(to, timeZone)}: /deploy is refused; add override <reason> to ask an approver.`,
      };
    },
  };
}
