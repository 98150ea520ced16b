import { CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { GitHubApiFake } from '../fakes/github-api';
import { ChangesAws, CHANGES_CONFIG, useGitHub, webHistory } from './changes-flow';
import { buttonValue, DeployFlow, text } from './deploy-flow';
import { useStory } from './harness';

// "What changed" through the real functions: the approval request and the progress message list the commits from a
// loopback GitHub; GitHub failing or slow never holds a deployment up (docs/decisions/0024).

const githubOf = useGitHub();
const story = useStory((h) => new DeployFlow(h), CHANGES_CONFIG);
let flow: DeployFlow;
let github: GitHubApiFake;
let aws: ChangesAws;
const DAY = 86_400_000;

beforeEach(() => {
  ({ flow } = story());
  github = githubOf();
  github.reset();
  aws = new ChangesAws(github.token);
  const { v41, v42 } = webHistory(github);
  aws.bundles.set('web/v41.zip', v41.sha);
  aws.bundles.set('web/v42.zip', v42.sha);
  // Each group runs v41: its last successful deployment.
  for (const group of ['edu-web-prod', 'edu-web-staging'])
    flow.codedeploy.recordSucceeded(group, 'web/v41.zip', `d-OLD-${group}`, new Date(Date.now() - DAY), 9, 'v41');
});

afterEach(() => aws.restore());

const compareRequests = () => github.requests.filter((r) => r.path.startsWith('/repos/acme/web/compare/'));

describe('/deploy of an app with a GitHub repository and a token', () => {
  it('lists the commits in the approval request and the progress message, asking GitHub once', async () => {
    // Prepare
    const { v41, v42, between } = webHistory(github);
    // Act: alice asks for prod, bob approves, CodeDeploy moves on
    await flow.type('/deploy web prod v42', 'U0ALICE', 'alice');
    const approval = flow.posts('C0PRODOPS01')[0];
    await flow.click('request.approve', buttonValue(approval, 'request.approve'), 'U0BOB');
    const progress = flow.posts('C0PRODOPS01')[1];
    const [id = ''] = [...flow.codedeploy.deployments.keys()].filter((d) => !d.startsWith('d-OLD'));
    await flow.advance(id, 'start');
    await flow.advance(id, 'installed');
    // Assess: the newest ten commits, newest first, then "and 2 more" and the compare link
    for (const message of [text(approval), text(progress), text(flow.updatesOf(String(progress?.result?.ts)).at(-1))]) {
      expect(message).toContain('*What changed*: 12 commits');
      expect(message).toContain(`\`${v42.sha.slice(0, 7)}\` Release v42 — Release Bot`);
      expect(message).toContain('— carol');
      expect(message).not.toContain('Long explanation');
      expect(message).toContain('_and 2 more_');
      expect(message).toContain(`/acme/web/compare/${v41.sha}...${v42.sha}|compare on GitHub>`);
    }
    const lines = text(approval).match(/`[0-9a-f]{7}` /g) ?? [];
    expect(lines).toHaveLength(2 + 10); // the two commits compared, and ten commit lines
    expect(text(approval).indexOf('Release v42')).toBeLessThan(text(approval).indexOf('Tune query 9'));
    expect(text(approval)).not.toContain(between[0]!.sha.slice(0, 7)); // the oldest two are "more"
    // The commit text is text: no broadcast or mention goes live.
    expect(text(approval)).toContain('&lt;!channel&gt; ping @here about &lt;@U0BOB&gt;');
    expect(text(approval)).not.toContain('<!channel>');
    expect(JSON.stringify(approval?.args.blocks)).toContain('"verbatim":true');
    // One compare, with the token and GitHub's headers: the approved run and the edits used what was kept.
    expect(compareRequests()).toHaveLength(1);
    expect(compareRequests()[0]).toMatchObject({
      path: `/repos/acme/web/compare/${v41.sha}...${v42.sha}`,
      authorization: `Bearer ${github.token}`,
      userAgent: 'blueshift',
      accept: 'application/vnd.github+json',
      apiVersion: '2022-11-28',
    });
    expect(aws.s3).toHaveReceivedCommandWith(HeadObjectCommand, { Bucket: 'edu-artifacts', Key: 'web/v42.zip' });
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 1);
  });

  it('finds the commit in the CodeDeploy revision description when the bundle has no metadata', async () => {
    // Prepare: CI registered v43 with the commit in its description, and wrote no metadata
    const [v43] = github.push('acme/web', [{ message: 'Release v43', login: 'dan', name: 'Dan' }]);
    aws.bundles.set('web/v43.zip', '');
    flow.codedeploy.revisions.set('web/v43.zip', new Date());
    flow.codedeploy.revisionDescriptions.set('web/v43.zip', `refs/heads/main - ${v43!.sha}`);
    // Act
    await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    // Assess
    const progress = text(flow.posts('C0STAGING01')[0]);
    expect(progress).toContain('*What changed*: 13 commits');
    expect(progress).toContain(`\`${v43!.sha.slice(0, 7)}\` Release v43 — dan`);
  });
});

describe('GitHub failing or slow', () => {
  it.each([
    ['answers 500', { kind: 'error', status: 500 } as const, 'GitHub answered 500'],
    [
      'is over its rate limit (403)',
      { kind: 'rate-limited', status: 403, resetAt: new Date('2026-11-02T14:05:00Z') } as const,
      "GitHub's rate limit is used up until 14:05 UTC",
    ],
    [
      'is over its rate limit (429)',
      { kind: 'rate-limited', status: 429, resetAt: new Date('2026-11-02T14:05:00Z') } as const,
      "GitHub's rate limit is used up until 14:05 UTC",
    ],
    ['takes longer than 2 s', { kind: 'slow', delayMs: 3_000 } as const, 'GitHub did not answer in time'],
  ])(
    'the deployment goes ahead when GitHub %s, and its message says the changes could not be read',
    async (_, mode, reason) => {
      // Prepare
      const { v41, v42 } = webHistory(github);
      github.mode = mode;
      // Act
      await flow.type('/deploy web staging v42', 'U0CAROL', 'carol', 'C0STAGING01');
      // Assess: started, once, with the two commits, the link and why there is no list
      expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 1);
      const progress = text(flow.posts('C0STAGING01')[0]);
      expect(progress).toContain(`:warning: The changes could not be read: ${reason}`);
      expect(progress).toContain(`\`${v41.sha.slice(0, 7)}\` → \`${v42.sha.slice(0, 7)}\``);
      expect(progress).toContain(`compare/${v41.sha}...${v42.sha}|compare on GitHub>`);
      expect(compareRequests()).toHaveLength(1); // one attempt
    },
    15_000,
  );
});

describe('/rollback of an app with a GitHub repository', () => {
  it('lists the commits going back in its preview and its progress message', async () => {
    // Prepare: staging got v42 (after v41)
    const { v41, v42 } = webHistory(github);
    flow.codedeploy.recordSucceeded(
      'edu-web-staging',
      'web/v42.zip',
      'd-NEW-staging',
      new Date(Date.now() - 60_000),
      9,
      'v42',
    );
    // Act: carol rolls back and confirms
    const { responseUrl } = await flow.type('/rollback web staging', 'U0CAROL', 'carol', 'C0STAGING01');
    const preview = flow.repliesTo(responseUrl).join();
    const requestId = /"value":"(req-[0-9a-f]+)"/.exec(preview)?.[1] ?? '';
    await flow.click('request.confirm', requestId, 'U0CAROL', 'C0STAGING01');
    // Assess
    const progress = text(flow.posts('C0STAGING01')[0]);
    for (const shown of [preview, progress]) {
      expect(shown).toContain('*What changed*: goes back: removes 12 commits');
      expect(shown).toContain(`\`${v42.sha.slice(0, 7)}\` → \`${v41.sha.slice(0, 7)}\``);
      expect(shown).toContain('Release v42 — Release Bot');
    }
    // The compare, then the same the other way round (GitHub lists nothing a step back adds), once for both.
    expect(compareRequests().map((r) => r.path)).toEqual([
      `/repos/acme/web/compare/${v42.sha}...${v41.sha}`,
      `/repos/acme/web/compare/${v41.sha}...${v42.sha}`,
    ]);
  });
});
