import { configErrorOf, configYaml, buildConfig } from '../../fakes/blueshift-config';

const HEADING = 'blueshift.yaml is not a valid blueshift configuration:\n- ';

describe('deploy windows and freezes in the configuration', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'a time zone that is not one',
      { 'environments.prod.timeZone': 'KST' },
      'environments.prod.timeZone: "KST" is not a time zone: use an IANA name such as Asia/Seoul, Europe/Berlin or UTC',
    ],
    [
      'a freeze that ends before it starts',
      { freezes: [{ from: '2025-10-10 00:00', to: '2025-10-03 00:00', reason: 'Chuseok' }] },
      'freezes.0.to: must be after from (2025-10-10 00:00 UTC)',
    ],
    [
      'a freeze without a time',
      { 'environments.prod.freezes': [{ from: '2025-10-03', to: '2025-10-10 00:00', reason: 'Chuseok' }] },
      'environments.prod.freezes.0.from: "2025-10-03" is not a local date and time: write YYYY-MM-DD HH:MM, such as 2025-10-03 18:00',
    ],
    [
      'a freeze without a reason',
      { freezes: [{ from: '2025-10-03 00:00', to: '2025-10-10 00:00', reason: '' }] },
      'freezes.0.reason: must say why (a holiday, a launch…)',
    ],
    [
      'a day that is not one',
      { 'environments.prod.deployWindows': { allow: [{ days: ['Mon-Fri', 'Funday'], hours: '09:00-18:00' }] } },
      'environments.prod.deployWindows.allow.0.days: "Funday" is not a day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range such as Mon-Fri',
    ],
    [
      'hours that are not a span',
      { deployWindows: { deny: [{ days: 'Fri', hours: '16:00' }] } },
      'deployWindows.deny.0.hours: "16:00" is not a span of hours: write HH:MM-HH:MM such as 09:00-18:00 (22:00-06:00 crosses midnight; 00:00-24:00 is the whole day)',
    ],
    [
      'an unknown key in a window',
      { deployWindows: { allow: [{ days: 'Mon', hour: '09:00-18:00' }] } },
      'deployWindows.allow.0: unknown key hour',
    ],
  ])('refuses %s, naming the key', (_, changes, message) => {
    expect(configErrorOf(configYaml(changes)).message).toBe(`${HEADING}${message}`);
  });

  it('accepts overlapping windows and freezes, full day names, wrapping ranges, and YAML written unquoted', () => {
    // Act
    const config = buildConfig({
      timeZone: 'asia/seoul',
      deployWindows: { allow: [{ days: 'Monday-Friday', hours: '09:00-18:00' }, { days: 'Fri-Mon' }] },
      freezes: [
        { from: '2025-10-03 00:00', to: '2025-10-10 00:00', reason: 'Chuseok' },
        { from: '2025-10-05 00:00', to: '2025-10-06 00:00', reason: 'launch' },
      ],
    });
    // Assess
    const calendar = config.environments.prod?.calendar;
    expect(calendar?.timeZone).toBe('Asia/Seoul');
    expect(calendar?.allow.map((rule) => rule.label)).toEqual([
      'Mon–Fri 09:00–18:00 Asia/Seoul',
      'Fri–Mon 00:00–24:00 Asia/Seoul',
    ]);
    expect(calendar?.freezes).toHaveLength(2);
    expect(config.environments.staging?.calendar.freezes).toHaveLength(2); // the top level applies everywhere
  });
});
