import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface SandboxProcess {
  url: string;
  /** Everything it printed, for a failing test's message. */
  output(): string;
  /** Ctrl-C, as a person stops it; resolves with how long it took to exit. */
  stop(): Promise<number>;
}

/**
 * `npm start` as a person runs it (tsx sandbox/main.ts), on a free port, with the simulated account and the
 * sweeper sped up so the stories take seconds. Resolves once it prints the console's URL.
 */
export function startSandboxProcess(env: Record<string, string> = {}): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['sandbox/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', BLUESHIFT_SANDBOX_STEP_MS: '150', BLUESHIFT_SANDBOX_SWEEP_MS: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sandbox did not start within 30 s:\n${printed}`));
    }, 30_000);
    const watch = setInterval(() => {
      const url = /Console\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
      if (!url) return;
      clearInterval(watch);
      clearTimeout(timeout);
      resolve({
        url,
        output: () => printed,
        async stop() {
          const started = Date.now();
          child.kill('SIGINT');
          const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(forced);
          return Date.now() - started;
        },
      });
    }, 50);
    void exited.then((code) => {
      clearInterval(watch);
      clearTimeout(timeout);
      reject(new Error(`the sandbox exited (${String(code)}) before it was up:\n${printed}`));
    });
  });
}
