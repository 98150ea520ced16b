import { formatDuration, parseDuration } from '../../../lib/config/duration';

describe('parseDuration', () => {
  it.each<[string, number]>([
    ['30m', 30 * 60_000],
    ['2h', 2 * 3_600_000],
    ['1d', 86_400_000],
    ['90s', 90_000],
    ['5s', 5_000],
    ['30s', 30_000],
    [' 2H ', 2 * 3_600_000],
    ['9999d', 9999 * 86_400_000],
  ])('reads %p as %p ms', (text, expected) => {
    // Act
    const ms = parseDuration(text);
    // Assess
    expect(ms).toBe(expected);
  });

  it.each(['', '0m', '00h', '2', 'h', '2w', '1.5h', '-1h', '2 h', '10000m', '2h30m', '1h '.repeat(2)])(
    'rejects %p',
    (text) => {
      // Act
      const ms = parseDuration(text);
      // Assess
      expect(ms).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [-5_000, '0s'],
    [45_000, '45s'],
    [60_000, '1m'],
    [90 * 60_000, '1h 30m'],
    [2 * 3_600_000, '2h'],
    [86_400_000, '1d'],
    [86_400_000 + 5 * 60_000, '1d 5m'],
    [8 * 3_600_000 - 20_000, '8h'],
  ])('writes %p ms as %p', (ms, expected) => {
    // Act
    const text = formatDuration(ms);
    // Assess
    expect(text).toBe(expected);
  });

  it.each(['30m', '2h', '1d', '45s'])('gives back what parseDuration read from %p', (text) => {
    // Act
    const roundTrip = formatDuration(parseDuration(text) ?? NaN);
    // Assess
    expect(roundTrip).toBe(text);
  });
});
