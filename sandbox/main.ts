import { readSandboxSettings } from './settings';
import { simulateAccount } from './aws/account';
import { banner } from './banner';
import { PortInUseError } from './server/http';
import { startSandbox, type Sandbox } from './start';

/** How long a clean stop may take before the process just exits. */
const STOP_GRACE_MS = 2_000;

const log = (line: string): void => console.error(`[sandbox] ${line}`);

async function main(): Promise<void> {
  const started = performance.now();
  const settings = readSandboxSettings();
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      simulate: simulateAccount,
      port: settings.port,
      stepMs: settings.stepMs,
      sweepMs: settings.sweepMs,
      logLevel: settings.logLevel,
      log,
    });
  } catch (error) {
    console.error(error instanceof PortInUseError ? `\n  ${error.message}\n` : error);
    process.exit(1);
  }
  console.log(banner(sandbox.url, sandbox.workspace, performance.now() - started, sandbox.apps));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130); // a second Ctrl-C: no more waiting
    stopping = true;
    console.log(`\n  ${signal}: stopping the sandbox…`);
    const forced = setTimeout(() => {
      log(`still stopping after ${STOP_GRACE_MS} ms; exiting anyway`);
      process.exit(0);
    }, STOP_GRACE_MS);
    forced.unref();
    void sandbox.stop().then(() => {
      console.log('  Stopped.');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('Ctrl-C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
