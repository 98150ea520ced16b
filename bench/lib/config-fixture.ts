import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseConfig } from '../../lib/config/parse';

/** Used when the repository has no valid fixture: the smallest configuration lib/config/schema.ts allows. */
const MINIMAL_CONFIG = `# Written by npm run bench (format: config/example.yml, checked by lib/config/schema.ts).
slack: { teamId: T0BLUESHIFT, appId: A0BLUESHIFT }
auditChannel: C0AUDIT0001
environments:
  prod:
    account: "111111111111"
    region: us-east-1
    role: arn:aws:iam::111111111111:role/blueshift-operator
    externalId: blueshift-prod
    channel: C0PRODOPS01
    access: { operators: [U0ALICE], approvers: [U0BOB] }
apps:
  web:
    codedeploy: { application: edu-web, groups: { prod: edu-web-prod } }
    artifacts: { bucket: edu-artifacts, key: "web/{revision}.zip" }
`;

async function isValidConfig(file: string): Promise<boolean> {
  try {
    parseConfig(await readFile(file, 'utf8'), file);
    return true;
  } catch {
    return false;
  }
}

export interface BenchConfig {
  file: string;
  /** How the results name it: the fixture's repository path, or "minimal (generated)". */
  label: string;
}

/**
 * The configuration file the slack handler runs with: the first valid `test/fixtures/config/*.yml`, or else
 * MINIMAL_CONFIG written into `workDir`.
 */
export async function benchConfig(repoRoot: string, workDir: string): Promise<BenchConfig> {
  const fixtures = join(repoRoot, 'test', 'fixtures', 'config');
  const names = await readdir(fixtures).catch(() => [] as string[]);
  for (const name of names.filter((entry) => entry.endsWith('.yml')).sort()) {
    const file = join(fixtures, name);
    if (await isValidConfig(file)) return { file, label: relative(repoRoot, file) };
  }
  const written = join(workDir, 'config.yml');
  await writeFile(written, MINIMAL_CONFIG);
  parseConfig(MINIMAL_CONFIG, written);
  return { file: written, label: 'minimal (generated)' };
}
