import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

// `serverless package` (osls) as CI and operators run it, once per jest run however many test files need its
// output: the first to ask packages into the run's directory (test/package-cache-setup.ts) while the others wait
// for it. Offline: packaging makes no AWS call; the dummy credentials only satisfy osls.

const REPO = resolve(__dirname, '..');
/** The configuration the package is built with (stage `test`). */
export const PACKAGE_FIXTURE = 'test/fixtures/config/test.yml';
const WAIT_MS = 300_000;

export interface Packaged {
  /** The directory holding the zips and the CloudFormation templates. */
  dir: string;
  /** cloudformation-template-update-stack.json, parsed. */
  template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
}

async function runPackage(dir: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIADUMMYDUMMYDUMMY0',
    AWS_SECRET_ACCESS_KEY: 'dummy',
    AWS_REGION: 'ap-northeast-2',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  const args = [
    'package',
    '--stage',
    'test',
    '--region',
    'ap-northeast-2',
    `--param=config=${PACKAGE_FIXTURE}`,
    '--package',
    dir,
  ];
  await promisify(execFile)(process.execPath, [join(REPO, 'node_modules', '.bin', 'serverless'), ...args], {
    cwd: REPO,
    env,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: unknown) => {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`serverless package failed:\n${stdout}\n${stderr}`, { cause: error });
  });
}

/** Packages into root/package unless another process of this run already does; resolves when it is there. */
async function packageOnce(root: string): Promise<string> {
  const dir = join(root, 'package');
  const done = join(root, 'done');
  const failed = join(root, 'failed');
  let owner = false;
  try {
    mkdirSync(join(root, 'lock')); // atomic: exactly one process of the run gets to package
    owner = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (owner) {
    try {
      await runPackage(dir);
      writeFileSync(done, '');
    } catch (error) {
      writeFileSync(failed, (error as Error).message);
      throw error;
    }
    return dir;
  }
  const started = Date.now();
  while (Date.now() - started < WAIT_MS) {
    if (existsSync(done)) return dir;
    if (existsSync(failed))
      throw new Error(`serverless package failed in another test file:\n${readFileSync(failed, 'utf8')}`);
    await sleep(250);
  }
  throw new Error(`serverless package did not finish within ${WAIT_MS / 1000} s`);
}

let packaged: Promise<Packaged> | undefined;

/** The output of `serverless package --stage test` with the test fixture configuration. */
export function serverlessPackage(): Promise<Packaged> {
  packaged ??= (async () => {
    let root = process.env.BLUESHIFT_PACKAGE_CACHE;
    if (!root) {
      // Run outside jest's global setup: a directory of this process's own, removed when it exits.
      const own = mkdtempSync(join(tmpdir(), 'blueshift-package-'));
      process.once('exit', () => {
        rmSync(own, { recursive: true, force: true });
      });
      root = own;
    }
    const dir = await packageOnce(root);
    const template = JSON.parse(
      readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as Packaged['template'];
    return { dir, template };
  })();
  return packaged;
}
