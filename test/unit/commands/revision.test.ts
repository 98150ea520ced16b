import { artifactKey, deploymentDescription, requesterOf, revisionLabel } from '../../../commands/revision';
import type { AppConfig } from '../../../lib/config/schema';
import { buildConfig } from '../../fakes/blueshift-config';

const config = buildConfig();
const web = config.apps.web!;
const api = config.apps.api!;
const withKey = (key: string): AppConfig => ({ ...web, artifacts: { ...web.artifacts, key } });

describe('artifactKey', () => {
  it.each<[AppConfig, string, string]>([
    [web, 'v42', 'web/v42.zip'],
    [api, '1.4.2', 'builds/1.4.2/bundle.tgz'],
    [withKey('{revision}'), 'v1', 'v1'],
    [withKey('web/{revision}/{revision}.zip'), 'v7', 'web/v7/v7.zip'],
  ])('fills %# with %p', (app, revision, expected) => {
    // Act
    const key = artifactKey(app, revision);
    // Assess
    expect(key).toBe(expected);
  });
});

describe('revisionLabel', () => {
  it.each<[string, AppConfig, string | undefined, string | undefined]>([
    ['a key from web/{revision}.zip', web, 'web/v42.zip', 'v42'],
    ['a dotted revision', web, 'web/1.4.2.zip', '1.4.2'],
    ['a key from builds/{revision}/bundle.tgz', api, 'builds/2025-03-01+abc/bundle.tgz', '2025-03-01+abc'],
    ['a template that is only {revision}', withKey('{revision}'), 'release-9', 'release-9'],
    [
      'template characters that mean something in a RegExp',
      withKey('a+b/(x)/{revision}.[zip]'),
      'a+b/(x)/v3.[zip]',
      'v3',
    ],
    ['a key from another template: the whole key', web, 'manual/hotfix.zip', 'manual/hotfix.zip'],
    ['a key with nothing where the revision goes: the whole key', web, 'web/.zip', 'web/.zip'],
    ['no key', web, undefined, undefined],
  ])('reads %s', (_case, app, key, expected) => {
    // Act
    const label = revisionLabel(app, key);
    // Assess
    expect(label).toBe(expected);
  });

  it('reads back what artifactKey wrote', () => {
    // Prepare
    const key = artifactKey(api, 'v1.2.3-rc.1');
    // Act
    const label = revisionLabel(api, key);
    // Assess
    expect(label).toBe('v1.2.3-rc.1');
  });
});

describe('deploymentDescription and requesterOf', () => {
  it('says what was typed and who asked', () => {
    // Act
    const description = deploymentDescription('/deploy web prod v42', 'alice', 'U0ALICE');
    // Assess
    expect(description).toBe('/deploy web prod v42 requested by alice (U0ALICE) via blueshift');
  });

  it.each<[string, string, string, string]>([
    ['a short command', '/deploy web prod v42', 'alice', 'U0ALICE'],
    ['a name with spaces', '/deploy web prod', 'Alice van der Berg', 'U0ALICE'],
    ['an enterprise user', '/rollback web prod', 'bob', 'W0ENTERPRISE1'],
    ['a CI role', '/deploy web prod v42', 'ci-github-deploy-web', 'blueshift-ci-github-deploy-web'],
    ['a huge command', `/rollback web prod ${'because '.repeat(100)}`, 'alice', 'U0ALICE'],
  ])('fits CodeDeploy’s 256 characters and gives the user back, for %s', (_case, command, userName, userId) => {
    // Act
    const description = deploymentDescription(command, userName, userId);
    // Assess
    expect(description.length).toBeLessThanOrEqual(256);
    expect(requesterOf(description)).toBe(userId);
  });

  it('cuts a huge command to exactly 256 characters, marking the cut', () => {
    // Act
    const description = deploymentDescription(`/rollback web prod ${'x'.repeat(500)}`, 'alice', 'U0ALICE');
    // Assess
    expect(description).toHaveLength(256);
    expect(description).toMatch(/^\/rollback web prod x+… requested by alice \(U0ALICE\) via blueshift$/);
  });

  it.each<[string, string | undefined]>([
    ['Deployed from the console', undefined],
    ['', undefined],
    [
      '/rollback web prod requested by mallory (U0MALLORY) via blueshift requested by bob (U0BOB) via blueshift',
      'U0BOB',
    ],
    ['/rollback web prod requested by mallory (U0MALLORY) okay requested by bob (U0BOB) via blueshift', 'U0BOB'],
  ])('reads the requester of %p', (description, expected) => {
    // Act
    const requester = requesterOf(description);
    // Assess
    expect(requester).toBe(expected);
  });

  it('has no requester for a deployment without a description', () => {
    // Act
    const requester = requesterOf(undefined);
    // Assess
    expect(requester).toBeUndefined();
  });
});
