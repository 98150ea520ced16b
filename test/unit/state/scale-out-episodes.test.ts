import { withFailure, type ScaleOutEpisode } from '../../../commands/scale-out/episode';
import { scaleOutEpisodes } from '../../../lib/state/scale-out-episodes';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();

const T0 = new Date('2026-11-27T09:00:00.000Z');
const scope = { app: 'web', env: 'prod', group: 'edu-web-prod-asg' };
const failure = (id: string, minutes: number) => ({
  deploymentId: id,
  at: new Date(T0.getTime() + minutes * 60_000),
  instanceId: `i-${id}`,
  hook: 'ApplicationStart',
});

describe('scaleOutEpisodes', () => {
  it('reads back what it saved, failures and resolution included', async () => {
    // Prepare
    const episodes = scaleOutEpisodes(dynamo().table);
    const episode: ScaleOutEpisode = {
      ...withFailure(undefined, failure('d-1', 0), scope)!,
      resolvedBy: { deploymentId: 'd-OK', at: T0 },
      channel: 'C0PRODOPS01',
      ts: '1767261601.000100',
      shown: '1|d-1|d-OK',
    };
    // Act
    await episodes.save(episode, 0);
    // Assess
    expect(await episodes.get('prod', 'edu-web-prod-asg')).toEqual({ ...episode, version: 1 });
    expect(await episodes.get('staging', 'edu-web-prod-asg')).toBeUndefined();
  });

  it('writes for one of two writers that read the same version', async () => {
    // Prepare
    const episodes = scaleOutEpisodes(dynamo().table);
    await episodes.save(withFailure(undefined, failure('d-1', 0), scope)!, 0);
    const read = (await episodes.get('prod', 'edu-web-prod-asg'))!;
    // Act
    const saved = await Promise.all([
      episodes.save(withFailure(read, failure('d-2', 5), scope)!, read.version),
      episodes.save(withFailure(read, failure('d-3', 6), scope)!, read.version),
    ]);
    const first = await episodes.save(withFailure(undefined, failure('d-4', 7), scope)!, 0);
    // Assess
    expect(saved.filter(Boolean)).toHaveLength(1);
    expect(first).toBe(false);
    expect((await episodes.get('prod', 'edu-web-prod-asg'))?.count).toBe(2);
  });
});
