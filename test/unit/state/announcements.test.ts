import { announcements, type Announcements } from '../../../lib/state/announcements';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();
let notes: Announcements;
const NOW = new Date('2025-10-02T15:00:30.000Z');

beforeEach(() => {
  notes = announcements(dynamo().table);
});

describe('announcements', () => {
  it('gives each announcement to exactly one of several sweeps, apart by environment and kind', async () => {
    // Act
    const racing = await Promise.all([1, 2, 3].map(() => notes.claim('prod', 'freeze-start', 'run-1', NOW)));
    const others = await Promise.all([
      notes.claim('staging', 'freeze-start', 'run-1', NOW),
      notes.claim('prod', 'freeze-end', 'run-1', NOW),
    ]);
    // Assess
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(others).toEqual([true, true]);
    expect(await notes.made('prod', 'freeze-start', 'run-1')).toBe(true);
    expect(await notes.made('prod', 'lock-expired', 'run-1')).toBe(false);
  });

  it('lets the next sweep say it when a claim is given back', async () => {
    // Prepare
    await notes.claim('prod', 'lock-expired', 'web#2025', NOW);
    // Act
    await notes.release('prod', 'lock-expired', 'web#2025');
    // Assess
    expect(await notes.claim('prod', 'lock-expired', 'web#2025', NOW)).toBe(true);
  });
});
