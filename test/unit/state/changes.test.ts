import type { Changes } from '../../../commands/changes/types';
import { changesRecords } from '../../../lib/state/changes';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();

const unread = (reason: string): Changes => ({
  kind: 'unread',
  repository: 'acme/web',
  base: 'a'.repeat(40),
  head: 'b'.repeat(40),
  compareUrl: 'https://github.com/acme/web/compare/a...b',
  reason,
});

describe('changesRecords', () => {
  it('keeps the first answer for a job, and gives it to a later attempt instead of its own', async () => {
    // Prepare
    const records = changesRecords(dynamo().table);
    // Act
    const first = await records.keep('job-1', { between: 'web/v41.zip…web/v42.zip', changes: unread('first') });
    const second = await records.keep('job-1', { between: 'web/v41.zip…web/v42.zip', changes: unread('second') });
    // Assess
    expect(first.changes).toEqual(unread('first'));
    expect(second.changes).toEqual(unread('first'));
    expect(await records.get('job-1')).toEqual({ between: 'web/v41.zip…web/v42.zip', changes: unread('first') });
    expect(await records.get('job-2')).toBeUndefined();
  });

  it('replaces an answer kept for other revisions', async () => {
    // Prepare
    const records = changesRecords(dynamo().table);
    await records.keep('job-1', { between: 'web/v40.zip…web/v42.zip', changes: unread('old') });
    // Act
    const kept = await records.keep('job-1', { between: 'web/v41.zip…web/v42.zip', changes: unread('new') });
    // Assess
    expect(kept.changes).toEqual(unread('new'));
    expect((await records.get('job-1'))?.between).toBe('web/v41.zip…web/v42.zip');
  });
});
