import { deployContext } from '../../../commands/alarms/deploy-context';
import { creatorWords } from '../../../commands/deploy/origin';
import type { Changes } from '../../../commands/changes/types';
import type { DeploymentLink } from '../../../commands/deploy/ports';
import { deployContextBlock, rollbackLabel } from '../../../lib/slack/blocks/alarm-deploy';
import { changesBlock } from '../../../lib/slack/blocks/changes';

const BASE = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const HEAD = 'f1e2d3c4b5a60718293a4b5c6d7e8f9012345678';
const between = {
  repository: 'acme/web',
  base: BASE,
  head: HEAD,
  compareUrl: `https://github.com/acme/web/compare/${BASE}...${HEAD}`,
};
const textOf = (changes: Changes) => changesBlock(changes).text?.text ?? '';

describe('changesBlock', () => {
  it.each<[string, Changes, string[]]>([
    [
      'commits',
      {
        kind: 'commits',
        ...between,
        status: 'ahead',
        total: 12,
        removed: 0,
        commits: [{ sha: 'f1e2d3c', title: 'Fix it', author: 'carol' }],
      },
      [
        '*What changed*: 12 commits · `a1b2c3d` → `f1e2d3c` · <https://github.com/acme/web/compare/',
        '`f1e2d3c` Fix it — carol',
        '_and 11 more_',
      ],
    ],
    [
      'the same commit',
      { kind: 'commits', ...between, status: 'identical', total: 0, removed: 0, commits: [] },
      ['the same commit as the one running'],
    ],
    [
      'a step back',
      {
        kind: 'commits',
        ...between,
        status: 'behind',
        total: 1,
        removed: 0,
        commits: [{ sha: 'f1e2d3c', title: 'Gone', author: undefined }],
      },
      ['goes back: removes 1 commit ·', '`f1e2d3c` Gone\n'],
    ],
    [
      'no token',
      { kind: 'link', ...between },
      ['*What changed*: `a1b2c3d` → `f1e2d3c` · <https://github.com/acme/web/compare/'],
    ],
    [
      'GitHub down',
      { kind: 'unread', ...between, reason: 'GitHub answered 500' },
      [':warning: The changes could not be read: GitHub answered 500.'],
    ],
    [
      'no commit',
      { kind: 'unknown', repository: 'acme/web', reason: 'no commit recorded for web/v43.zip' },
      ['*What changed*: unknown — no commit recorded for web/v43.zip'],
    ],
  ])('shows %s', (_, changes, expected) => {
    const text = `${textOf(changes)}\n`;
    for (const part of expected) expect(text).toContain(part);
  });

  it('shows commit text as text: escaped, in a verbatim element, so nothing in it goes live', () => {
    // Act
    const block = changesBlock({
      kind: 'commits',
      ...between,
      status: 'ahead',
      total: 1,
      removed: 0,
      commits: [{ sha: 'f1e2d3c', title: '<!channel> & <@U0BOB> <https://evil.example|click>', author: '<!here>' }],
    });
    // Assess
    expect(JSON.stringify(block.text)).toContain('"verbatim":true');
    expect(block.text?.text).toContain(
      '&lt;!channel&gt; &amp; &lt;@U0BOB&gt; &lt;https://evil.example|click&gt; — &lt;!here&gt;',
    );
    expect(block.text?.text).not.toMatch(/<!|<@|<https:\/\/evil/);
  });
});

const T = new Date('2026-11-02T10:00:00Z');
const minutes = (n: number) => new Date(T.getTime() + n * 60_000);

function link(changes: Partial<DeploymentLink> = {}): DeploymentLink {
  return {
    deploymentId: 'd-ABC123',
    kind: 'deploy',
    app: 'web',
    env: 'prod',
    revision: 'v42',
    previousRevision: 'v41',
    requestedBy: 'U0ALICE',
    requesterName: 'alice',
    approvedBy: 'U0BOB',
    channel: 'C0PRODOPS01',
    ts: '1767261601.000100',
    startedAt: T,
    stage: 'done',
    sawReady: true,
    outcome: 'succeeded',
    version: 4,
    fingerprint: '',
    lastEditAt: minutes(12),
    endedAt: minutes(10),
    failureReported: false,
    rerouteRequestedBy: undefined,
    terminateRequestedBy: undefined,
    stopRequestedBy: undefined,
    rollbackOf: undefined,
    rolledBackBy: undefined,
    ...changes,
  };
}

describe('deployContext', () => {
  const WINDOW = 30 * 60_000;

  it('names a deployment that ended within the window, and not one that ended longer ago', () => {
    expect(deployContext(link(), minutes(16), WINDOW)).toMatchObject({ minutesBefore: 6, offerRollback: true });
    expect(deployContext(link(), minutes(40), WINDOW)).toMatchObject({ minutesBefore: 30 });
    expect(deployContext(link(), minutes(41), WINDOW)).toBeUndefined();
  });

  it('names a running deployment however long it has run, but not one that started after the alarm', () => {
    const running = link({ outcome: 'running', endedAt: undefined });
    expect(deployContext(running, minutes(300), WINDOW)).toMatchObject({ outcome: 'running', minutesBefore: 300 });
    expect(deployContext(running, minutes(-1), WINDOW)).toBeUndefined();
    expect(deployContext(undefined, minutes(1), WINDOW)).toBeUndefined();
  });

  it('offers Roll back only for a deployment that runs or succeeded, and never for a rollback', () => {
    expect(deployContext(link({ outcome: 'failed' }), minutes(11), WINDOW)?.offerRollback).toBe(false);
    expect(deployContext(link({ kind: 'rollback' }), minutes(11), WINDOW)?.offerRollback).toBe(false);
  });

  it('reads as "web prod got v42 6 min before this alarm, from @alice (d-ABC123)", with Roll back to v41', () => {
    // Prepare
    const context = deployContext(link(), minutes(16), WINDOW)!;
    // Act
    const text = deployContextBlock(context).elements[0];
    // Assess
    expect(text).toMatchObject({
      text: expect.stringContaining(
        '🚀 *web prod* got `v42` 6 min before this alarm, from <@U0ALICE> (`d-ABC123`)',
      ) as string,
    });
    expect(rollbackLabel(context)).toBe('Roll back to v41');
  });

  it('says who started one outside Slack, in CodeDeploy’s words', () => {
    const context = deployContext(
      link({
        origin: { creator: 'user', description: undefined, commitUrl: undefined },
        requestedBy: 'blueshift-system',
      }),
      minutes(10),
      WINDOW,
    )!;
    expect(JSON.stringify(deployContextBlock(context))).toContain(
      `got \`v42\` just before this alarm, from ${creatorWords('user') ?? ''} (\`d-ABC123\`)`,
    );
  });
});
