import { burstableProfile, isBurstable, type BurstableProfile } from '../../../commands/burstable';

describe('isBurstable', () => {
  it.each<[string | undefined, boolean]>([
    ['t3.micro', true],
    ['t3a.large', true],
    ['t2.nano', true],
    ['t4g.2xlarge', true],
    ['t3.unknownsize', true],
    ['m5.large', false],
    ['c6g.medium', false],
    ['t1.micro', false],
    ['t3', false],
    ['xt3.micro', false],
    ['', false],
    [undefined, false],
  ])('%p → %p', (instanceType, expected) => {
    // Act
    const burstable = isBurstable(instanceType);
    // Assess
    expect(burstable).toBe(expected);
  });
});

describe('burstableProfile', () => {
  it.each<[string, BurstableProfile]>([
    ['t3.micro', { creditsPerHour: 12, maxBalance: 288, vcpus: 2, baselinePercent: 10 }],
    ['t3a.micro', { creditsPerHour: 12, maxBalance: 288, vcpus: 2, baselinePercent: 10 }],
    ['t4g.nano', { creditsPerHour: 6, maxBalance: 144, vcpus: 2, baselinePercent: 5 }],
    ['t3.xlarge', { creditsPerHour: 96, maxBalance: 2304, vcpus: 4, baselinePercent: 40 }],
    ['t2.micro', { creditsPerHour: 6, maxBalance: 144, vcpus: 1, baselinePercent: 10 }],
    ['t2.2xlarge', { creditsPerHour: 81.6, maxBalance: 1958.4, vcpus: 8, baselinePercent: 17 }],
  ])('knows %s', (instanceType, expected) => {
    // Act
    const profile = burstableProfile(instanceType);
    // Assess
    expect(profile).toEqual(expected);
  });

  it.each(['t3.huge', 'm5.large', 't3', '', undefined])('has no profile for %p', (instanceType) => {
    // Act
    const profile = burstableProfile(instanceType);
    // Assess
    expect(profile).toBeUndefined();
  });

  it.each(
    ['t2', 't3', 't3a', 't4g'].flatMap((family) =>
      ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'].map((size) => `${family}.${size}`),
    ),
  )('%s: the balance holds 24 hours of earned credits', (instanceType) => {
    // Act
    const profile = burstableProfile(instanceType);
    // Assess
    expect(profile && profile.maxBalance / profile.creditsPerHour).toBeCloseTo(24);
  });
});
