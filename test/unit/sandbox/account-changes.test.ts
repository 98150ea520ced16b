import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { revisionCommits } from '../../../lib/aws/revision-commits';
import { ssmParameters } from '../../../lib/aws/ssm';
import { parseConfig } from '../../../lib/config/parse';
import { githubComparer } from '../../../lib/github/compare';
import { parameterTokens } from '../../../lib/github/tokens';
import { appCheckPorts, withGitHubApi } from '../../../sandbox/app-config';
import { startSandboxGitHub } from '../../../sandbox/github/api';
import { REVISION_COMMITS, SANDBOX_GITHUB_TOKEN, WEB_HISTORY } from '../../../sandbox/github/history';
import { REGION, watchedAccount, type Watched } from './account-helpers';

// The sandbox's "What changed": the simulated S3 and SSM and the fake GitHub, read through the bot's own adapters.

let sim: Watched;
beforeEach(() => {
  sim = watchedAccount();
});
afterEach(() => sim.account.stop());

const clients = () => ({
  s3: new S3Client({ region: REGION }),
  codeDeploy: new CodeDeployClient({ region: REGION }),
});
const revision = (key: string) => ({ bucket: 'edu-artifacts', key, bundleType: 'zip' });

describe("the simulated S3's bundles", () => {
  it.each(['web/v40.zip', 'web/v41.zip', 'web/v42.zip', 'web/v43.zip'])(
    'gives %s the commit it was built from, in x-amz-meta-git-sha',
    async (key) => {
      // Act
      const found = await revisionCommits(clients()).commitOf({
        application: 'edu-web',
        revision: revision(key),
        metadataKey: 'git-sha',
      });
      // Assess
      expect(found).toEqual({ sha: REVISION_COMMITS.get(key), from: 'metadata' });
    },
  );

  it("answers a key that is not there with HEAD's bodiless 404, which the bot names", async () => {
    // Act
    const found = await new S3Client({ region: REGION })
      .send(new HeadObjectCommand({ Bucket: 'edu-artifacts', Key: 'web/v99.zip' }))
      .catch((error: unknown) => error);
    // Assess
    expect(found).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('gives v43 the commit the CI scenario names (main @ 3f7c0a1)', () => {
    expect(REVISION_COMMITS.get('web/v43.zip')).toMatch(/^3f7c0a1[0-9a-f]{33}$/);
  });
});

describe("the simulated SSM's GitHub token", () => {
  it('is the SecureString sandbox/config.yml names, decrypted', async () => {
    // Act
    const token = await parameterTokens(ssmParameters(new SSMClient({ region: REGION })))(
      '/blueshift/sandbox/github/web',
    );
    // Assess
    expect(token).toBe(SANDBOX_GITHUB_TOKEN);
  });

  it('answers a name it does not hold with ParameterNotFound, as SSM does', async () => {
    // Act
    const read = new SSMClient({ region: REGION }).send(
      new GetParameterCommand({ Name: '/blueshift/sandbox/github/nope', WithDecryption: true }),
    );
    // Assess
    await expect(read).rejects.toMatchObject({ name: 'ParameterNotFound' });
  });
});

describe("the sandbox's fake GitHub", () => {
  it('compares v41 with v42 in GitHub’s shape, with the commits between them, through the configuration', async () => {
    // Prepare: sandbox/config.yml with its port-0 apiUrl pointed at the fake
    const github = await startSandboxGitHub();
    try {
      const source = readFileSync(join(__dirname, '..', '..', '..', 'sandbox', 'config.yml'), 'utf8');
      const ports = appCheckPorts(source);
      const rendered = withGitHubApi(
        ports.render(new Map(ports.deploymentGroups.map((group, i) => [group, 41000 + i]))),
        github.apiUrl,
      );
      const settings = parseConfig(rendered, 'config.yml').apps.web?.github;
      expect(settings).toEqual({
        repository: 'edu-org/web',
        apiUrl: github.apiUrl,
        tokenParameter: '/blueshift/sandbox/github/web',
      });
      const comparer = githubComparer({ tokens: () => Promise.resolve(SANDBOX_GITHUB_TOKEN) });
      // Act
      const comparison = await comparer.compare(
        settings!,
        REVISION_COMMITS.get('web/v41.zip')!,
        REVISION_COMMITS.get('web/v42.zip')!,
        AbortSignal.timeout(5000),
      );
      // Assess
      const v41 = WEB_HISTORY.findIndex((commit) => commit.revision === 'web/v41.zip');
      const v42 = WEB_HISTORY.findIndex((commit) => commit.revision === 'web/v42.zip');
      expect(comparison).toMatchObject({ status: 'ahead', aheadBy: v42 - v41, totalCommits: v42 - v41 });
      expect(comparison.commits.map((commit) => commit.sha)).toEqual(
        WEB_HISTORY.slice(v41 + 1, v42 + 1).map((commit) => commit.sha),
      );
    } finally {
      await github.stop();
    }
  });
});
