import {
  EPISODE_QUIET_MS,
  isChurning,
  ordinal,
  repeatLine,
  shownOf,
  withFailure,
  withResolution,
  type ScaleOutEpisode,
  type ScaleOutFailure,
} from '../../../commands/scale-out/episode';

const T0 = new Date('2026-11-27T09:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const scope = { app: 'web', env: 'prod', group: 'edu-web-prod-asg' };
const failure = (id: string, at: Date): ScaleOutFailure => ({
  deploymentId: id,
  at,
  instanceId: `i-${id}`,
  hook: 'ApplicationStart',
});

/** The episode after these failures, each recorded in turn. */
function after(...failures: ScaleOutFailure[]): ScaleOutEpisode {
  let episode: ScaleOutEpisode | undefined;
  for (const next of failures) episode = withFailure(episode, next, scope) ?? episode;
  if (!episode) throw new Error('no failure');
  return episode;
}

describe('a scale-out episode', () => {
  it('counts each failed deployment once, however often its events arrive', () => {
    // Prepare
    const episode = after(failure('d-1', minutes(0)), failure('d-2', minutes(7)));
    // Act
    const again = withFailure(episode, failure('d-2', minutes(7)), scope);
    // Assess
    expect(again).toBeUndefined();
    expect(episode.count).toBe(2);
    expect(episode.since).toEqual(minutes(0));
  });

  it('starts again after it was resolved, or after a long quiet', () => {
    // Prepare
    const open = after(failure('d-1', minutes(0)));
    const resolved = withResolution(open, 'd-OK', minutes(5));
    // Act
    const afterResolution = withFailure(resolved, failure('d-2', minutes(10)), scope);
    const afterQuiet = withFailure(open, failure('d-3', new Date(T0.getTime() + EPISODE_QUIET_MS + 60_000)), scope);
    // Assess
    expect(afterResolution).toMatchObject({ count: 1, since: minutes(10), resolvedBy: undefined, ts: undefined });
    expect(afterQuiet).toMatchObject({ count: 1, failures: [{ deploymentId: 'd-3' }] });
  });

  it('is resolved once', () => {
    // Prepare
    const resolved = withResolution(after(failure('d-1', minutes(0))), 'd-OK', minutes(5));
    // Act
    const again = withResolution(resolved, 'd-OK2', minutes(6));
    // Assess
    expect(resolved?.resolvedBy).toEqual({ deploymentId: 'd-OK', at: minutes(5) });
    expect(again).toBeUndefined();
    expect(withResolution(undefined, 'd-OK', minutes(5))).toBeUndefined();
  });

  it('changes what it shows with each failure and with its resolution, not otherwise', () => {
    // Prepare
    const one = after(failure('d-1', minutes(0)));
    const two = after(failure('d-1', minutes(0)), failure('d-2', minutes(3)));
    // Assess
    expect(shownOf(one)).not.toBe(shownOf(two));
    expect(shownOf({ ...two, shown: 'whatever', ts: '1.2' })).toBe(shownOf(two));
    expect(shownOf(withResolution(two, 'd-OK', minutes(9))!)).not.toBe(shownOf(two));
  });
});

describe('churning', () => {
  it.each<[string, number[], boolean]>([
    ['three failures within 20 minutes', [0, 7, 14], true],
    ['three failures exactly 20 minutes apart end to end', [0, 10, 20], true],
    ['three failures over 21 minutes', [0, 10, 21], false],
    ['two failures', [0, 1], false],
    ['the last three of five within 20 minutes', [0, 40, 80, 85, 90], true],
  ])('%s', (_case, at, expected) => {
    // Prepare
    const episode = after(...at.map((m, i) => failure(`d-${i}`, minutes(m))));
    // Assess
    expect(isChurning(episode)).toBe(expected);
  });

  it.each<[number[], string]>([
    [[0], 'A new instance failed its install'],
    [[0, 7], '2nd failed install on a new instance in 7 min'],
    [
      [0, 7, 14],
      '3rd failed install on a new instance in 14 min: the group is churning — Auto Scaling keeps replacing instances that never become healthy',
    ],
    [[0, 100, 200, 300], '4th failed install on a new instance in 5 h'],
  ])('says %p as %p', (at, expected) => {
    // Prepare
    const episode = after(...at.map((m, i) => failure(`d-${i}`, minutes(m))));
    // Assess
    expect(repeatLine(episode)).toBe(expected);
  });

  it.each<[number, string]>([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [101, '101st'],
    [111, '111th'],
  ])('%i is the %s', (n, expected) => {
    // Assess
    expect(ordinal(n)).toBe(expected);
  });
});
