import { ciUrl, urlHost } from '../../../commands/ci-links';

const CI = ['https://github.com/edu-org/', 'https://CI.example.edu/jobs/'];

describe('ciUrl: only URLs on a configured CI host become links', () => {
  it.each<[string, string, string | undefined]>([
    [
      'a run under the prefix',
      'https://github.com/edu-org/web/actions/runs/42',
      'https://github.com/edu-org/web/actions/runs/42',
    ],
    ['a prefix written with a capital host', 'https://ci.example.edu/jobs/7', 'https://ci.example.edu/jobs/7'],
    ['another organisation that starts the same', 'https://github.com/edu-org-evil/web', undefined],
    ['another host that starts the same', 'https://github.com.evil.example/edu-org/web', undefined],
    ['a path that climbs out of the prefix', 'https://github.com/edu-org/../attacker/web', undefined],
    [
      'credentials before the host',
      'https://github.com/edu-org/@evil.example',
      'https://github.com/edu-org/@evil.example',
    ],
    ['a user and password on the CI host', 'https://me:pw@github.com/edu-org/web', undefined],
    ['plain http', 'http://github.com/edu-org/web', undefined],
    ['something that is not a URL', 'https://', undefined],
  ])('%s', (_case, candidate, expected) => {
    // Act
    const url = ciUrl(candidate, CI);
    // Assess
    expect(url).toBe(expected);
  });

  it.each<[string | undefined, string | undefined]>([
    ['https://github.com/edu-org/web/actions/runs/7?a=|b>', 'https://github.com/edu-org/web/actions/runs/7?a=%7Cb%3E'],
    ['https://github.com:8443/edu-org/web', undefined],
    ['javascript:alert(1)', undefined],
    [undefined, undefined],
  ])('a run URL %s → %s (what ends a Slack link is encoded)', (candidate, expected) => {
    // Act, Assess
    expect(ciUrl(candidate, CI)).toBe(expected);
  });
});

describe('urlHost', () => {
  it('names the host of a URL that is not linked, and nothing for what is no URL', () => {
    // Act, Assess
    expect(urlHost('https://evil.example/<!channel>')).toBe('evil.example');
    expect(urlHost('not a url')).toBeUndefined();
    expect(urlHost(undefined)).toBeUndefined();
  });
});
