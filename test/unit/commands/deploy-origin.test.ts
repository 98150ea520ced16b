import { judgeAdoption } from '../../../commands/deploy/adoption';
import { commitUrl, creatorWords, descriptionParts } from '../../../commands/deploy/origin';
import { deployedRevision, deploymentDescription, startedByBlueshift, startRef } from '../../../commands/revision';
import { buildConfig } from '../../fakes/blueshift-config';

const CI = ['https://github.com/edu-org/', 'https://CI.example.edu/jobs/'];

describe('descriptionParts', () => {
  it('keeps everything as text but the CI URLs, without the punctuation that follows them', () => {
    // Act
    const parts = descriptionParts(
      'Deploy build 42 (https://github.com/edu-org/web/actions/runs/42), see https://evil.example/x <!channel>',
      CI,
    );
    // Assess
    expect(parts).toEqual([
      { kind: 'text', text: 'Deploy build 42 (' },
      {
        kind: 'link',
        url: 'https://github.com/edu-org/web/actions/runs/42',
        label: 'https://github.com/edu-org/web/actions/runs/42',
      },
      { kind: 'text', text: '), see https://evil.example/x <!channel>' },
    ]);
  });

  it('never lets Slack link syntax around a CI URL carry it further', () => {
    // Act
    const parts = descriptionParts('<https://github.com/edu-org/x|https://evil.example>', CI);
    // Assess: the URL stops at the `|`; the rest is text
    expect(parts.filter((part) => part.kind === 'link')).toEqual([
      { kind: 'link', url: 'https://github.com/edu-org/x', label: 'https://github.com/edu-org/x' },
    ]);
    expect(parts.map((part) => (part.kind === 'text' ? part.text : '')).join('')).toBe('<|https://evil.example>');
  });

  it('cuts a description longer than CodeDeploy keeps', () => {
    // Act
    const [part] = descriptionParts('x'.repeat(1_000), CI);
    // Assess
    expect(part).toEqual({ kind: 'text', text: `${'x'.repeat(255)}…` });
  });
});

describe('who started it', () => {
  it.each<[string | undefined, string | undefined]>([
    ['user', 'an AWS user or role (the console, the CLI or CI)'],
    ['codeDeployRollback', "CodeDeploy's automatic rollback"],
    ['CloudFormationRollback', "CloudFormation's rollback"],
    ['somethingNew', undefined],
    ['constructor', undefined],
    [undefined, undefined],
  ])('creator %p in words', (creator, expected) => {
    // Act
    const words = creatorWords(creator);
    // Assess
    expect(words).toBe(expected);
  });

  it('names a GitHub revision by its commit page, when the repository and commit look like theirs', () => {
    // Assess
    expect(commitUrl({ repository: 'edu-org/web', commitId: '3f7c0a1b2c' })).toBe(
      'https://github.com/edu-org/web/commit/3f7c0a1b2c',
    );
    expect(commitUrl({ repository: 'edu-org/web/../x', commitId: '3f7c0a1b2c' })).toBeUndefined();
    expect(commitUrl({ repository: 'edu-org/web', commitId: 'main' })).toBeUndefined();
  });

  it('shows the revision as the app names it, or as CodeDeploy has it', () => {
    // Prepare
    const web = buildConfig().apps.web!;
    // Assess
    expect(deployedRevision(web, { key: 'web/v42.zip' }, undefined)).toBe('v42');
    expect(deployedRevision(web, { key: 'ci/build-9.zip' }, undefined)).toBe('ci/build-9.zip');
    expect(deployedRevision(web, undefined, { repository: 'edu-org/web', commitId: '3f7c0a1b2c' })).toBe(
      'edu-org/web@3f7c0a1',
    );
    expect(deployedRevision(web, undefined, undefined)).toBe('an unrecorded revision');
  });
});

describe('judgeAdoption', () => {
  const own = deploymentDescription('/deploy web prod v42', 'alice', 'U0ALICE', startRef('job-1'));
  const rollback = { triggeredBy: 'd-ORIGINAL1' };

  it.each<[string, Parameters<typeof judgeAdoption>, ReturnType<typeof judgeAdoption>]>([
    [
      "blueshift's own, before its job recorded it",
      [{ creator: 'user', description: own }, 'all', false],
      { kind: 'own' },
    ],
    [
      'a deployment CI started',
      [{ creator: 'user', description: 'Deploy build 42' }, 'all', false],
      { kind: 'adopt', rollbackOf: undefined, linkedRollback: false },
    ],
    [
      'the same where only blueshift’s own are announced',
      [{ creator: 'user', description: 'Deploy build 42' }, 'own', false],
      { kind: 'ignore', why: 'the environment announces only its own deployments' },
    ],
    [
      'CodeDeploy’s rollback of a deployment blueshift shows, even where only its own are announced',
      [{ creator: 'codeDeployRollback', description: undefined, rollback }, 'own', true],
      { kind: 'adopt', rollbackOf: 'd-ORIGINAL1', linkedRollback: true },
    ],
    [
      'CodeDeploy’s rollback of a deployment nobody showed',
      [{ creator: 'codeDeployRollback', description: undefined, rollback }, 'all', false],
      { kind: 'adopt', rollbackOf: 'd-ORIGINAL1', linkedRollback: false },
    ],
    ['a scale-out', [{ creator: 'autoscaling', description: undefined }, 'all', false], { kind: 'scale-out' }],
    [
      'a scale-out where only blueshift’s own are announced',
      [{ creator: 'autoscaling', description: undefined }, 'own', false],
      { kind: 'ignore', why: 'the environment announces only its own deployments' },
    ],
    [
      'a deployment on scale-in',
      [{ creator: 'autoscalingTermination', description: undefined }, 'all', false],
      { kind: 'ignore', why: 'a deployment on scale-in' },
    ],
  ])('%s', (_case, args, expected) => {
    // Act
    const verdict = judgeAdoption(...args);
    // Assess
    expect(verdict).toEqual(expected);
  });

  it('does not take a description that only says "via blueshift" for one of its own', () => {
    // Assess
    expect(startedByBlueshift('hotfix requested by mallory (U0MALLORY) via blueshift')).toBe(false);
    expect(startedByBlueshift(own)).toBe(true);
  });

  it('knows a deployment a CI request started through blueshift as its own, so its first events do not adopt it', () => {
    // Prepare
    const ci = deploymentDescription(
      '/deploy web prod v42',
      'ci-github-deploy-web',
      'blueshift-ci-github-deploy-web',
      startRef('ci-request-1'),
    );
    // Act
    const verdict = judgeAdoption({ creator: 'user', description: ci }, 'all', false);
    // Assess
    expect(verdict).toEqual({ kind: 'own' });
  });
});
