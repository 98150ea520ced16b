import { ciOriginLine } from '../../../lib/slack/blocks/ci';
import { actor } from '../../../lib/slack/blocks/kit';
import { plainText } from '../../../lib/mrkdwn';

const LINKS = ['https://github.com/octo-org/'];

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
      LINKS,
    );
    // Assess
    expect(line).toBe(
      ':robot_face: From <https://github.com/octo-org/web/actions/runs/1001|CI run> · triggered by `octocat` (as the CI says) · commit `3f7c0a1b2c3d` · signed by role `arn:aws:iam::999999999999:role/github-deploy-web`',
    );
  });

  it('does not link a run elsewhere (another organisation on github.com too), naming only its host, and says what was not given', () => {
    // Act
    const line = ciOriginLine(
      { role: 'arn:aws:iam::1:role/r', runUrl: 'https://evil.example/<!channel>', commit: undefined, actor: undefined },
      LINKS,
    );
    // Assess
    expect(line).toContain('a CI run on `evil.example` (not linked: not under a prefix in ciLinks)');
    expect(line).not.toContain('<!channel>');
    expect(line).toContain('trigger not given · no commit given');
    const other = ciOriginLine(
      {
        role: 'arn:aws:iam::1:role/r',
        runUrl: 'https://github.com/octo-org-evil/web/actions/runs/1',
        commit: undefined,
        actor: undefined,
      },
      LINKS,
    );
    expect(other).toContain('a CI run on `github.com` (not linked: not under a prefix in ciLinks)');
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
