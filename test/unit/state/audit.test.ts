import type { AuditEntry } from '../../../commands/ports';
import { auditTrail, type AuditTrail } from '../../../lib/state/audit';
import { InvalidRecordError } from '../../../lib/state/record';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();
let audit: AuditTrail;

const NOW = new Date('2025-03-01T23:59:59.500Z');

beforeEach(() => {
  audit = auditTrail(dynamo().table, () => NOW);
});

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: new Date('2025-03-01T10:00:00.000Z'),
    user: 'U0ALICE',
    command: '/deploy web prod',
    decision: 'allowed',
    detail: 'operator',
    ...overrides,
  };
}

describe('auditTrail', () => {
  it('records entries and lists a UTC day oldest first, optional fields kept', async () => {
    // Prepare
    const later = entry({ at: new Date('2025-03-01T23:59:59.000Z'), decision: 'succeeded', deploymentId: 'd-ABC' });
    const earlier = entry({ env: 'prod', app: 'web', roleSession: 'blueshift-U0ALICE' });
    await audit.record(later);
    await audit.record(earlier);
    // Act
    const listed = await audit.list(new Date('2025-03-01T12:00:00Z'));
    // Assess
    expect(listed).toEqual([earlier, later]);
  });

  it('keeps entries of the same millisecond apart', async () => {
    // Act
    await audit.record(entry({ detail: 'first' }));
    await audit.record(entry({ detail: 'second' }));
    // Assess
    const listed = await audit.list(NOW);
    expect(listed.map(({ detail }) => detail).sort()).toEqual(['first', 'second']);
  });

  it('files entries under their own UTC day and expires them after 400 days', async () => {
    // Prepare
    const nextDay = entry({ at: new Date('2025-03-02T00:00:00.000Z') });
    // Act
    await audit.record(nextDay);
    // Assess
    expect(await audit.list(new Date('2025-03-01T00:00:00Z'))).toEqual([]);
    const [item] = await dynamo().table.query('AUDIT#2025-03-02');
    expect(item?.expiresAt).toBe(Math.floor(NOW.getTime() / 1000) + 400 * 86_400);
  });

  it('rejects a stored entry it cannot read, naming the attribute', async () => {
    // Prepare
    await dynamo().table.put({
      pk: 'AUDIT#2025-03-01',
      sk: 'bad',
      at: '2025-03-01T00:00:00Z',
      user: 'U1',
      command: '/x',
      decision: 'maybe',
      detail: '',
    });
    // Act
    const listing = audit.list(NOW);
    // Assess
    await expect(listing).rejects.toThrow(InvalidRecordError);
    await expect(listing).rejects.toThrow(/"decision"/);
  });
});
