import { ConditionFailedError } from '../../../lib/state/table';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();

const absent = { expression: 'attribute_not_exists(pk)' };

describe('dynamoTable', () => {
  it('reads back what it wrote, leaving out undefined attributes', async () => {
    // Prepare
    await dynamo().table.put({ pk: 'P', sk: 'S', name: 'web', note: undefined });
    // Act
    const item = await dynamo().table.get({ pk: 'P', sk: 'S' });
    // Assess
    expect(item).toEqual({ pk: 'P', sk: 'S', name: 'web' });
    expect(item).not.toHaveProperty('note');
  });

  it('returns undefined for an item that is not there', async () => {
    // Act
    const item = await dynamo().table.get({ pk: 'P', sk: 'nothing' });
    // Assess
    expect(item).toBeUndefined();
  });

  it('turns a failed put condition into ConditionFailedError, keeping the SDK error as cause', async () => {
    // Prepare
    await dynamo().table.put({ pk: 'P', sk: 'S' });
    // Act
    const error: unknown = await dynamo()
      .table.put({ pk: 'P', sk: 'S' }, absent)
      .catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ConditionFailedError);
    expect((error as ConditionFailedError).name).toBe('ConditionFailedError');
    expect((error as ConditionFailedError).cause).toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('turns failed update and delete conditions into ConditionFailedError', async () => {
    // Prepare
    await dynamo().table.put({ pk: 'P', sk: 'S', status: 'done' });
    const stillRunning = {
      expression: '#status = :running',
      names: { '#status': 'status' },
      values: { ':running': 'running' },
    };
    // Act
    const update = dynamo().table.update({ pk: 'P', sk: 'S' }, { set: { status: 'x' } }, stillRunning);
    const remove = dynamo().table.delete({ pk: 'P', sk: 'S' }, stillRunning);
    // Assess
    await expect(update).rejects.toBeInstanceOf(ConditionFailedError);
    await expect(remove).rejects.toBeInstanceOf(ConditionFailedError);
    expect(await dynamo().table.get({ pk: 'P', sk: 'S' })).toEqual({ pk: 'P', sk: 'S', status: 'done' });
  });

  it('updates with reserved-word names and returns the item as it is afterwards', async () => {
    // Prepare
    await dynamo().table.put({ pk: 'P', sk: 'S', status: 'running', owner: 'U1', lease: 'soon' });
    // Act
    const after = await dynamo().table.update(
      { pk: 'P', sk: 'S' },
      { set: { status: 'done', owner: undefined }, remove: ['lease'] },
      { expression: '#s = :s', names: { '#s': 'status' }, values: { ':s': 'running' } },
    );
    // Assess
    expect(after).toEqual({ pk: 'P', sk: 'S', status: 'done' });
  });

  it('returns the deleted item, and undefined when there was none', async () => {
    // Prepare
    await dynamo().table.put({ pk: 'P', sk: 'S', name: 'web' });
    // Act
    const first = await dynamo().table.delete({ pk: 'P', sk: 'S' });
    const second = await dynamo().table.delete({ pk: 'P', sk: 'S' });
    // Assess
    expect(first).toEqual({ pk: 'P', sk: 'S', name: 'web' });
    expect(second).toBeUndefined();
  });

  it('queries a partition in sort-key order, optionally by prefix', async () => {
    // Prepare
    for (const sk of ['b#2', 'a#1', 'b#1']) await dynamo().table.put({ pk: 'P', sk });
    await dynamo().table.put({ pk: 'OTHER', sk: 'b#0' });
    // Act
    const all = await dynamo().table.query('P');
    const onlyB = await dynamo().table.query('P', 'b#');
    // Assess
    expect(all.map((item) => item.sk)).toEqual(['a#1', 'b#1', 'b#2']);
    expect(onlyB.map((item) => item.sk)).toEqual(['b#1', 'b#2']);
  });

  it('reads every page of a partition larger than one query response (1 MB)', async () => {
    // Prepare
    const padding = 'x'.repeat(100_000);
    const sks = Array.from({ length: 12 }, (_, index) => `item#${String(index).padStart(2, '0')}`);
    for (const sk of sks) await dynamo().table.put({ pk: 'BIG', sk, padding });
    // Act
    const items = await dynamo().table.query('BIG');
    // Assess
    expect(items.map((item) => item.sk)).toEqual(sks);
  });
});
