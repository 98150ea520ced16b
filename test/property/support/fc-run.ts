import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import fc from 'fast-check';

/**
 * One seed per `npm test` run, shared by every property: test/property/support/seed-setup.ts picks it (or takes
 * FC_SEED) before the test files start and prints it; the reporter prints it again with the case counts.
 */
export function runSeed(): number {
  const seed = Number(process.env.FC_SEED);
  if (process.env.FC_SEED?.trim() && Number.isSafeInteger(seed)) return seed;
  throw new Error(
    `FC_SEED is ${JSON.stringify(process.env.FC_SEED)}: jest's globalSetup (test/property/support/seed-setup.ts) sets it; run through jest.config.js`,
  );
}

/** How much of a long string a failure report shows: inputs reach 1 MB, and a report is read by a person. */
const SHOWN = 300;

function shortenText(text: string): string {
  return text.length <= SHOWN * 10 ? text : `${text.slice(0, SHOWN * 10)}… (${text.length} characters)`;
}

function shorten(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length <= SHOWN ? value : `${value.slice(0, SHOWN)}… (${value.length} characters)`;
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shorten(item)]));
  }
  return value;
}

function record(name: string, runs: number): void {
  const file = process.env.FC_COUNTS_FILE;
  if (file)
    appendFileSync(
      file,
      `${JSON.stringify({ file: relative(process.cwd(), expect.getState().testPath ?? ''), name, runs })}\n`,
    );
}

/**
 * Runs one property with the run's seed and `numRuns` cases, records how many ran, and on failure says how to
 * replay exactly that case: FC_SEED and FC_PATH (the counterexample's path) with jest's `-t`.
 */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IPropertyWithHooks<Ts>,
  numRuns: number,
): Promise<void> {
  const seed = runSeed();
  const path = process.env.FC_PATH?.trim();
  const name = expect.getState().currentTestName ?? 'property';
  const details = await fc.check(property as fc.IAsyncPropertyWithHooks<Ts>, {
    seed,
    numRuns,
    ...(path ? { path } : {}),
  });
  record(name, details.numRuns);
  if (details.failed) {
    const testFile = relative(process.cwd(), expect.getState().testPath ?? '');
    const replay = `FC_SEED=${seed} FC_PATH=${details.counterexamplePath ?? ''} npx jest ${testFile} -t ${JSON.stringify(name)}`;
    const error =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const example = JSON.stringify(shorten(details.counterexample), (_key, value: unknown) =>
      value === undefined ? '(undefined)' : value,
    );
    throw new Error(
      [
        `Property failed after ${details.numRuns} case(s), shrunk ${details.numShrinks} time(s) (seed ${seed}, path ${details.counterexamplePath ?? ''}).`,
        `Counterexample (strings over ${SHOWN} characters cut): ${example}`,
        '',
        shortenText(error),
        '',
        `Replay this case: ${replay}`,
      ].join('\n'),
    );
  }
}
