import { linkableRunUrl } from '../../../commands/ci/run-link';
import { ciOriginLine } from '../../../lib/slack/blocks/ci';
import { actor } from '../../../lib/slack/blocks/kit';
import { plainText } from '../../../lib/mrkdwn';

describe('linkableRunUrl: only https:// on github.com or a configured host', () => {
  it.each<[string, string | undefined]>([
    ['https://github.com/octo-org/web/actions/runs/1001', 'https://github.com/octo-org/web/actions/runs/1001'],
    ['https://GitHub.com/octo-org/web/actions/runs/1', 'https://github.com/octo-org/web/actions/runs/1'],
    ['https://github.example.com/o/r/actions/runs/7', 'https://github.example.com/o/r/actions/runs/7'],
    ['https://github.com/o/r/actions/runs/7?a=|b>', 'https://github.com/o/r/actions/runs/7?a=%7Cb%3E'],
    ['http://github.com/o/r/actions/runs/7', undefined],
    ['https://github.com.evil.example/o/r', undefined],
    ['https://user:pass@github.com/o/r', undefined],
    ['https://github.com:8443/o/r', undefined],
    ['javascript:alert(1)', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, expected) => {
    // Act, Assess
    expect(linkableRunUrl(url, ['github.example.com'])).toBe(expected);
  });
});

describe('the CI origin line of an approval request', () => {
  it('links the run, and names the trigger, the commit and the signing role', () => {
    // Act
    const line = ciOriginLine(
      {
        role: 'arn:aws:iam::999999999999:role/github-deploy-web',
        runUrl: 'https://github.com/octo-org/web/actions/runs/1001',
        commit: '3f7c0a1b2c3d4e5f60718293a4b5c6d7e8f90123',
        actor: 'octocat',
      },
      [],
    );
    // Assess
    expect(line).toBe(
      ':robot_face: From <https://github.com/octo-org/web/actions/runs/1001|CI run> · triggered by `octocat` (as the CI says) · commit `3f7c0a1b2c3d` · signed by role `arn:aws:iam::999999999999:role/github-deploy-web`',
    );
  });

  it('does not link a run elsewhere, naming only its host, and says what was not given', () => {
    // Act
    const line = ciOriginLine(
      { role: 'arn:aws:iam::1:role/r', runUrl: 'https://evil.example/<!channel>', commit: undefined, actor: undefined },
      [],
    );
    // Assess
    expect(line).toContain('a CI run on `evil.example` (not linked: not github.com or a host in ci.runHosts)');
    expect(line).not.toContain('<!channel>');
    expect(line).toContain('trigger not given · no commit given');
  });
});

describe('a CI role in Slack messages and CI logs', () => {
  it('is named as CI and its role, never as a broken mention', () => {
    // Act, Assess
    expect(actor('blueshift-ci-github-deploy-web')).toBe('*CI* `github-deploy-web`');
    expect(actor('U0ALICE')).toBe('<@U0ALICE>');
    expect(actor('blueshift-system')).toBe('*blueshift*');
  });

  it('reads refusals written in mrkdwn as plain text', () => {
    // Act, Assess
    expect(plainText('`web staging` is locked by <@U0CAROL>: a &lt;b&gt; &amp; c. Ask in <#C0STAGING01>.')).toBe(
      '`web staging` is locked by Slack user U0CAROL: a <b> & c. Ask in Slack channel C0STAGING01.',
    );
    expect(plainText('see <https://example.com/x|the docs>')).toBe('see the docs (https://example.com/x)');
  });
});
