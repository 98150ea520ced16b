import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Part of jest's globalSetup: a directory for this run's `serverless package` output, which
 * test/serverless-package.ts fills once, on first use, for every test file that needs it (the workers inherit the
 * variable). Runs that need no package (one unit test file) pay nothing.
 */
export default function packageCacheSetup(): void {
  process.env.BLUESHIFT_PACKAGE_CACHE = mkdtempSync(join(tmpdir(), 'blueshift-package-'));
}
