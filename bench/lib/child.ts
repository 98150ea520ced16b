import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The line a child prints its measurement on; the rest of its output (e.g. the bot's logs) is ignored. */
export const RESULT_MARKER = 'BENCH_RESULT ';

export class BenchChildError extends Error {
  override readonly name = 'BenchChildError';
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs `node -e script` in a fresh process with exactly `env` (nothing inherited), and returns the JSON the
 * script printed after RESULT_MARKER. Timing happens inside the child, so process start-up is not counted.
 */
export async function runNodeChild(script: string, env: Record<string, string>, cwd: string): Promise<unknown> {
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, ['-e', script], {
      env,
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    }));
  } catch (error) {
    const detail = error instanceof Error && 'stderr' in error ? tail(String(error.stderr)) : String(error);
    throw new BenchChildError(`benchmark child process failed:\n${detail}`, { cause: error });
  }
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARKER));
  if (!line) throw new BenchChildError(`benchmark child printed no result:\n${tail(stdout)}`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as unknown;
}

/** JS source that prints `value` (a JS expression) as the child's result and exits. */
export function emitResult(value: string): string {
  return `process.stdout.write(${JSON.stringify(RESULT_MARKER)} + JSON.stringify(${value}) + '\\n'); process.exit(0);`;
}
