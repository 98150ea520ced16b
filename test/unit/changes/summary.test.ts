import { changesFrom, commitInDescription, compareUrl } from '../../../commands/changes/summary';
import type { ComparedCommit } from '../../../commands/changes/ports';

const commit = (n: number): ComparedCommit => ({
  sha: n.toString(16).padStart(40, 'a'),
  message: `Change ${n}\n\ndetails`,
  login: n % 2 ? `user${n}` : undefined,
  name: `User ${n}`,
});
const settings = { repository: 'acme/web', apiUrl: 'https://api.github.com' };
const [BASE, HEAD] = ['1'.repeat(40), '2'.repeat(40)];

describe('commitInDescription', () => {
  it.each([
    ['refs/heads/main - 3f7c0a1b2c3d4e5f60718293a4b5c6d7e8f90123', '3f7c0a1b2c3d4e5f60718293a4b5c6d7e8f90123'],
    ['git-sha: 3F7C0A1', '3f7c0a1'],
    ['build 20261102 of deadbeef, commit 1a2b3c4', '1a2b3c4'],
    ['short 1a2b3c4 then full 3f7c0a1b2c3d4e5f60718293a4b5c6d7e8f90123', '3f7c0a1b2c3d4e5f60718293a4b5c6d7e8f90123'],
    ['Uploaded by AWS CLI 2026-11-02T09:00:00 UTC', undefined],
    [undefined, undefined],
  ])('finds the commit in %p', (description, sha) => {
    expect(commitInDescription(description)).toBe(sha);
  });
});

describe('compareUrl', () => {
  it('points at github.com, or at the Enterprise host the API is served from', () => {
    expect(compareUrl(settings, 'a1', 'b2')).toBe('https://github.com/acme/web/compare/a1...b2');
    expect(compareUrl({ ...settings, apiUrl: 'https://git.example.com/api/v3' }, 'a1', 'b2')).toBe(
      'https://git.example.com/acme/web/compare/a1...b2',
    );
  });
});

describe('changesFrom', () => {
  const between = { settings, base: BASE, head: HEAD };

  it('keeps the newest ten commits, newest first, and counts the rest', () => {
    // Act
    const changes = changesFrom(between, {
      status: 'ahead',
      aheadBy: 260,
      behindBy: 0,
      totalCommits: 260,
      commits: Array.from({ length: 250 }, (_, i) => commit(i + 11)),
    });
    // Assess
    expect(changes).toMatchObject({ kind: 'commits', status: 'ahead', total: 260, removed: 0 });
    if (changes.kind !== 'commits') throw new Error('commits expected');
    expect(changes.commits).toHaveLength(10);
    expect(changes.commits[0]).toEqual({ sha: commit(260).sha.slice(0, 7), title: 'Change 260', author: 'User 260' });
    expect(changes.commits[1]).toMatchObject({ title: 'Change 259', author: 'user259' });
  });

  it('going back, lists what the compare the other way round adds: the commits removed', () => {
    // Act
    const changes = changesFrom(
      between,
      { status: 'behind', aheadBy: 0, behindBy: 3, totalCommits: 0, commits: [] },
      { status: 'ahead', aheadBy: 3, behindBy: 0, totalCommits: 3, commits: [commit(1), commit(2), commit(3)] },
    );
    // Assess
    expect(changes).toMatchObject({ kind: 'commits', status: 'behind', total: 3 });
    expect(changes.kind === 'commits' && changes.commits.map((c) => c.title)).toEqual([
      'Change 3',
      'Change 2',
      'Change 1',
    ]);
  });

  it('going back without the other list, still counts what is removed; diverged counts what is left out', () => {
    expect(
      changesFrom(between, { status: 'behind', aheadBy: 0, behindBy: 4, totalCommits: 0, commits: [] }),
    ).toMatchObject({ status: 'behind', total: 4, commits: [] });
    expect(
      changesFrom(between, {
        status: 'diverged',
        aheadBy: 2,
        behindBy: 5,
        totalCommits: 2,
        commits: [commit(1), commit(2)],
      }),
    ).toMatchObject({ status: 'diverged', total: 2, removed: 5 });
  });

  it('cuts a long title and names a commit without a message', () => {
    const changes = changesFrom(between, {
      status: 'ahead',
      aheadBy: 2,
      behindBy: 0,
      totalCommits: 2,
      commits: [
        { ...commit(1), message: 'x'.repeat(500) },
        { ...commit(2), message: '\n' },
      ],
    });
    if (changes.kind !== 'commits') throw new Error('commits expected');
    expect(changes.commits.map((c) => c.title.length)).toEqual([12, 120]);
    expect(changes.commits[0]?.title).toBe('(no message)');
  });
});
