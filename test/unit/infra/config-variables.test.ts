import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type ConfigVariables = (sources: {
  resolveVariable: (expression: string) => Promise<string>;
}) => Promise<{ roleArns: string[]; tier: string }>;

// The variable source serverless.yml reads at package time; CommonJS, loaded as osls loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the file under test is CommonJS, for osls
const configVariables = require('../../../build/config-variables.cjs') as ConfigVariables;

/** The variable source answering for a config file, as osls would resolve `param:config`. */
function resolveFor(file: string) {
  return { resolveVariable: (expression: string) => Promise.resolve(expression === 'sls:stage' ? 'test' : file) };
}

function writeConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'blueshift-config-')), 'blueshift.yml');
  writeFileSync(file, text);
  return file;
}

describe('build/config-variables.cjs', () => {
  it('gives the template the configuration’s role ARNs', async () => {
    // Act
    const variables = await configVariables(resolveFor('test/fixtures/config/test.yml'));
    // Assess
    expect(variables.roleArns).toEqual(expect.arrayContaining([expect.stringMatching(/^arn:aws:iam::\d{12}:role\//)]));
    expect(variables.tier).toBe('Standard');
  });

  it('refuses to package a configuration the bot would refuse to start with, naming the bad key', async () => {
    // Prepare
    const fixture = readFileSync('test/fixtures/config/test.yml', 'utf8');
    const file = writeConfig(fixture.replace('region: ap-northeast-2', 'region: mars-1'));
    // Act
    const packaging = configVariables(resolveFor(file));
    // Assess
    await expect(packaging).rejects.toThrow(/environments\.\w+\.region: must be an AWS region/);
  });
});
