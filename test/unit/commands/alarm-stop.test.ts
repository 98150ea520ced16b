import { activatedAlarms, alarmPhrase, alarmsThatStopped, commonPrefix } from '../../../commands/deploy/alarm-stop';

/** The message real ALARM_ACTIVE stops carry (not in AWS's documentation), with the names CodeDeploy lists. */
const stopped = (names: string): string =>
  `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: ${names}`;

describe('activatedAlarms', () => {
  it.each<[string, string, string[], string[]]>([
    ['one alarm', stopped('edu-web-prod-5xx'), [], ['edu-web-prod-5xx']],
    [
      'two, space-separated',
      stopped('edu-web-prod-5xx edu-web-prod-latency'),
      [],
      ['edu-web-prod-5xx', 'edu-web-prod-latency'],
    ],
    [
      'commas and a closing full stop',
      stopped('edu-web-prod-5xx, edu-web-prod-latency.'),
      [],
      ['edu-web-prod-5xx', 'edu-web-prod-latency'],
    ],
    ['a repeated name once', stopped('edu-web-prod-5xx edu-web-prod-5xx'), [], ['edu-web-prod-5xx']],
    [
      'a bracketed list',
      stopped('[edu-web-prod-5xx, edu-web-prod-latency]'),
      [],
      ['edu-web-prod-5xx', 'edu-web-prod-latency'],
    ],
    [
      'names with spaces, read against the watched list',
      stopped('Web prod 5xx rate edu-web-prod-latency'),
      ['edu-web-prod-latency', 'Web prod 5xx rate'],
      ['Web prod 5xx rate', 'edu-web-prod-latency'],
    ],
    [
      'a watched name that is only the start of a listed one',
      stopped('edu-web-prod-5xx-rate'),
      ['edu-web-prod-5xx'],
      ['edu-web-prod-5xx-rate'],
    ],
    ['a watched name ending in a full stop', stopped('web.5xx.'), ['web.5xx.'], ['web.5xx.']],
    [
      'no list: the watched names the message mentions',
      'Alarm edu-web-prod-5xx was activated; the deployment was stopped.',
      ['edu-web-prod-5xx', 'edu-web-prod-5xx-rate', 'edu-web-prod-latency'],
      ['edu-web-prod-5xx'],
    ],
    ['no list and nothing watched', 'The deployment was stopped.', [], []],
    ['an empty list', stopped(''), ['edu-web-prod-5xx'], []],
  ])('%s', (_case, message, known, names) => {
    expect(activatedAlarms(message, known)).toEqual(names);
  });
});

describe('alarmsThatStopped', () => {
  const watched = ['edu-web-prod-5xx', 'edu-web-prod-latency'];

  it('is undefined for a deployment no alarm stopped', () => {
    expect(alarmsThatStopped({ code: 'MANUAL_STOP', message: 'Activated alarms: x' }, watched)).toBeUndefined();
    expect(alarmsThatStopped(undefined, watched)).toBeUndefined();
  });

  it('names the alarms CodeDeploy listed', () => {
    expect(alarmsThatStopped({ code: 'ALARM_ACTIVE', message: stopped('edu-web-prod-latency') }, watched)).toEqual([
      'edu-web-prod-latency',
    ]);
  });

  it('falls back to the watched alarms firing now when the message names none', () => {
    const error = { code: 'ALARM_ACTIVE', message: 'Alarms were activated.' };
    expect(alarmsThatStopped(error, watched, ['edu-web-prod-latency', 'someone-elses-alarm'])).toEqual([
      'edu-web-prod-latency',
    ]);
    expect(alarmsThatStopped(error, watched, [])).toEqual([]);
  });
});

describe('commonPrefix', () => {
  it.each<[string[], string]>([
    [['edu-web-prod-5xx', 'edu-web-prod-latency'], 'edu-web-prod-'],
    [['edu-web-prod-5xx'], 'edu-web-prod-5xx'],
    [['edu-web-prod-5xx', 'codedeploy-status'], ''],
    [[], ''],
  ])('%j → %j', (names, prefix) => {
    expect(commonPrefix(names)).toBe(prefix);
  });
});

describe('alarmPhrase', () => {
  it.each<[string[], string]>([
    [[], 'an alarm'],
    [['a'], 'alarm a'],
    [['a', 'b'], 'alarms a and b'],
    [['a', 'b', 'c'], 'alarms a, b and c'],
    [['a', 'b', 'c', 'd', 'e'], 'alarms a, b, c and 2 more'],
  ])('%j → %s', (names, phrase) => {
    expect(alarmPhrase(names)).toBe(phrase);
  });

  it('writes each name its way', () => {
    expect(alarmPhrase(['a', 'b'], (name) => `*${name}*`)).toBe('alarms *a* and *b*');
  });
});
