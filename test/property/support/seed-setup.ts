import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * jest's globalSetup: one fast-check seed for the whole run, from FC_SEED or picked now, handed to the test
 * workers through the environment (they start after this), and a scratch file where each property records how
 * many cases it ran (test/property/support/reporter.cjs prints them).
 */
export default function seedSetup(): void {
  const given = process.env.FC_SEED?.trim();
  if (given && !Number.isSafeInteger(Number(given)))
    throw new Error(`FC_SEED must be an integer, not ${JSON.stringify(given)}`);
  const seed = given ? Number(given) : randomInt(2 ** 31);
  process.env.FC_SEED = String(seed);
  process.env.FC_COUNTS_FILE = join(mkdtempSync(join(tmpdir(), 'blueshift-fc-')), 'counts.jsonl');
  process.stdout.write(
    `\nProperty tests: fast-check seed ${seed}${given ? ' (from FC_SEED)' : ''}. Replay the run with FC_SEED=${seed}.\n`,
  );
}
