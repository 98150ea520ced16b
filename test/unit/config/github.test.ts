import { buildConfig, configErrorOf, configYaml } from '../../fakes/blueshift-config';

describe('configuration: what changed and alarms tied to deploys', () => {
  it('reads an app’s repository, API, token and metadata key, and each environment’s alarm window', () => {
    // Act
    const config = buildConfig({
      'apps.web.github': {
        repository: 'acme/web',
        apiUrl: 'https://git.example.com/api/v3/',
        tokenParameter: '/blueshift/prod/github/web',
      },
      'apps.web.artifacts.commitMetadataKey': 'Git-SHA',
      'environments.prod.alarmDeployWindow': '45m',
    });
    // Assess
    expect(config.apps.web?.github).toEqual({
      repository: 'acme/web',
      apiUrl: 'https://git.example.com/api/v3',
      tokenParameter: '/blueshift/prod/github/web',
    });
    expect(config.apps.web?.artifacts.commitMetadataKey).toBe('git-sha'); // S3 gives keys back in lower case
    expect(config.environments.prod?.alarmDeployWindow).toBe(45 * 60_000);
    expect(config.environments.staging?.alarmDeployWindow).toBe(30 * 60_000);
    expect(buildConfig({ 'apps.web.github': { repository: 'acme/web' } }).apps.web?.github?.apiUrl).toBe(
      'https://api.github.com',
    );
  });

  it.each([
    [
      'apps.web.github',
      { repository: 'acme/web', apiUrl: 'http://git.example.com/api/v3' },
      'apps.web.github.apiUrl',
      'https://',
    ],
    [
      'apps.web.github',
      { repository: 'acme/web', apiUrl: 'https://user:pw@git.example.com' },
      'apps.web.github.apiUrl',
      'https://',
    ],
    [
      'apps.web.github',
      { repository: 'acme/web', tokenParameter: '/prod/github-token' },
      'apps.web.github.tokenParameter',
      '/blueshift/<stage>/github/',
    ],
    ['apps.web.github', { repository: 'https://github.com/acme/web' }, 'apps.web.github.repository', 'owner/name'],
    ['apps.web.github', { repository: 'acme/web.git' }, 'apps.web.github.repository', 'without .git'],
    [
      'apps.web.artifacts.commitMetadataKey',
      'x-amz-meta-git-sha',
      'apps.web.artifacts.commitMetadataKey',
      'without the x-amz-meta- prefix',
    ],
    ['environments.prod.alarmDeployWindow', '2d', 'environments.prod.alarmDeployWindow', 'at most 24h'],
  ])('refuses %s = %p, naming the key and what to write', (path, value, key, hint) => {
    // Act
    const error = configErrorOf(configYaml({ [path]: value }));
    // Assess
    expect(error.message).toContain(key);
    expect(error.message).toContain(hint);
  });

  it('allows plain http:// to this machine only (a local run or a test’s fake GitHub)', () => {
    expect(
      buildConfig({ 'apps.web.github': { repository: 'acme/web', apiUrl: 'http://127.0.0.1:8080' } }).apps.web?.github
        ?.apiUrl,
    ).toBe('http://127.0.0.1:8080');
  });
});
