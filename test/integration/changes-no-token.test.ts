import { CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { ChangesAws, NO_TOKEN_CONFIG, useGitHub, webHistory } from './changes-flow';
import { DeployFlow, text } from './deploy-flow';
import { useStory } from './harness';

// An app with a GitHub repository but no token (docs/decisions/0024): the two commits and a link, GitHub never asked.

const githubOf = useGitHub();
const story = useStory((h) => new DeployFlow(h), NO_TOKEN_CONFIG);

it('shows the two short commits and the compare link on github.com, and asks neither GitHub nor SSM', async () => {
  // Prepare: staging runs v41; CI wrote both bundles' commits into their metadata
  const { flow } = story();
  const github = githubOf();
  const aws = new ChangesAws(github.token);
  try {
    const { v41, v42 } = webHistory(github);
    aws.bundles.set('web/v41.zip', v41.sha);
    aws.bundles.set('web/v42.zip', v42.sha);
    flow.codedeploy.recordSucceeded(
      'edu-web-staging',
      'web/v41.zip',
      'd-OLD41',
      new Date(Date.now() - 86_400_000),
      9,
      'v41',
    );
    // Act
    await flow.type('/deploy web staging v42', 'U0CAROL', 'carol', 'C0STAGING01');
    // Assess
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 1);
    expect(text(flow.posts('C0STAGING01')[0])).toContain(
      `*What changed*: \`${v41.sha.slice(0, 7)}\` → \`${v42.sha.slice(0, 7)}\` · <https://github.com/acme/web/compare/${v41.sha}...${v42.sha}|compare on GitHub>`,
    );
    expect(github.requests).toEqual([]);
    expect(aws.ssm.calls()).toEqual([]);
  } finally {
    aws.restore();
  }
});
