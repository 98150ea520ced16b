import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client, type HeadObjectCommandInput } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { startGitHubApi, type FakeCommit, type GitHubApiFake } from '../fakes/github-api';

/** Where the configurations with the fake GitHub are written (the harness reads them relative to the repository). */
export const CHANGES_CONFIG = 'test-results/changes/changes.yml';
export const NO_TOKEN_CONFIG = 'test-results/changes/no-token.yml';
export const TOKEN_PARAMETER = '/blueshift/test/github/web';

/**
 * The integration configuration plus GitHub: `web` with the loopback GitHub, a token in SSM and its commits in the
 * bundles' S3 metadata (`git-sha`); `api` with a repository on github.com and no token. `NO_TOKEN_CONFIG`: `web` with
 * its repository on github.com and no token.
 */
export function writeChangesConfig(apiUrl: string): void {
  const base = readFileSync(join(__dirname, '..', 'fixtures', 'config', 'integration.yml'), 'utf8');
  const config = base
    .replace(
      '    artifacts: { bucket: edu-artifacts, key: "web/{revision}.zip", bundleType: zip }\n',
      `    artifacts: { bucket: edu-artifacts, key: "web/{revision}.zip", bundleType: zip, commitMetadataKey: git-sha }\n    github: { repository: acme/web, apiUrl: "${apiUrl}", tokenParameter: ${TOKEN_PARAMETER} }\n`,
    )
    .replace(
      '    artifacts: { bucket: edu-artifacts, key: "api/{revision}.tgz", bundleType: tgz }\n',
      '    artifacts: { bucket: edu-artifacts, key: "api/{revision}.tgz", bundleType: tgz, commitMetadataKey: git-sha }\n    github: { repository: acme/api }\n',
    );
  if (!config.includes('acme/web') || !config.includes('acme/api')) throw new Error('the config template changed');
  mkdirSync(join(__dirname, '..', '..', 'test-results', 'changes'), { recursive: true });
  writeFileSync(join(__dirname, '..', '..', CHANGES_CONFIG), config);
  const noToken = config.replace(
    `    github: { repository: acme/web, apiUrl: "${apiUrl}", tokenParameter: ${TOKEN_PARAMETER} }\n`,
    '    github: { repository: acme/web }\n',
  );
  writeFileSync(join(__dirname, '..', '..', NO_TOKEN_CONFIG), noToken);
}

/** The fake GitHub for a test file: started before the harness, its address written into the configuration. */
export function useGitHub(): () => GitHubApiFake {
  let github: GitHubApiFake | undefined;
  beforeAll(async () => {
    github = await startGitHubApi();
    writeChangesConfig(github.apiUrl);
  });
  afterAll(async () => {
    await github?.stop();
  });
  return () => {
    if (!github) throw new Error('the fake GitHub starts in beforeAll');
    return github;
  };
}

/** The S3 bundles' metadata and the SSM token: what CI and the operator put in AWS. */
export class ChangesAws {
  readonly s3: AwsClientStub<S3Client> = mockClient(S3Client);
  readonly ssm: AwsClientStub<SSMClient> = mockClient(SSMClient);
  /** S3 key → the commit CI wrote into its `x-amz-meta-git-sha`. */
  readonly bundles = new Map<string, string>();

  constructor(token: string) {
    this.s3.on(HeadObjectCommand).callsFake((input: HeadObjectCommandInput) => {
      const sha = this.bundles.get(input.Key ?? '');
      // A HEAD has no body: the SDK names a 404 NotFound.
      if (sha === undefined)
        throw Object.assign(new Error('UnknownError'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
      return { Metadata: sha ? { 'git-sha': sha } : {}, ContentLength: 1024, ContentType: 'application/zip' };
    });
    this.ssm
      .on(GetParameterCommand, { Name: TOKEN_PARAMETER, WithDecryption: true })
      .resolves({ Parameter: { Name: TOKEN_PARAMETER, Type: 'SecureString', Value: token, Version: 1 } });
  }

  restore(): void {
    this.s3.restore();
    this.ssm.restore();
  }
}

/** acme/web's history: v41 at its 2nd commit, v42 twelve commits later, with titles anyone may have written. */
export function webHistory(github: GitHubApiFake): { v41: FakeCommit; v42: FakeCommit; between: FakeCommit[] } {
  if (github.history('acme/web').length) {
    const history = github.history('acme/web');
    return { v41: history[1]!, v42: history[13]!, between: history.slice(2, 14) };
  }
  const made = github.push('acme/web', [
    { message: 'Initial commit', login: 'alice', name: 'Alice' },
    { message: 'Release v41', login: 'alice', name: 'Alice' },
    ...Array.from({ length: 9 }, (_, i) => ({ message: `Tune query ${i + 1}`, login: 'dan', name: 'Dan' })),
    { message: 'Fix the login redirect\n\nLong explanation', login: 'carol', name: 'Carol' },
    { message: '<!channel> ping @here about <@U0BOB>', login: 'mallory', name: 'Mallory' },
    { message: 'Release v42', login: undefined, name: 'Release Bot' },
  ]);
  return { v41: made[1]!, v42: made[13]!, between: made.slice(2, 14) };
}
