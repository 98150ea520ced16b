import { episodeKey, stepFor, type AlarmEpisode, type EpisodeStep } from '../../../commands/alarms/episodes';
import { parseAlarmEvent, type AlarmNotification } from '../../../commands/alarms/notification';
import { payload } from './payloads';

const base = parseAlarmEvent(payload('eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json'))[0]!;
const T = base.changedAt.getTime();
const change = (state: AlarmNotification['state'], minutes: number): AlarmNotification => ({
  ...base,
  state,
  changedAt: new Date(T + minutes * 60_000),
});

function record(status: AlarmEpisode['status'], lastChangeMinutes: number): AlarmEpisode {
  const at = new Date(T + lastChangeMinutes * 60_000);
  return {
    key: episodeKey(base),
    status,
    route: { channel: 'C0DOCSDEMO1', env: 'docs' },
    notification: base,
    lastChangeAt: at,
    count: 1,
    firstAt: at,
    lastAt: at,
    claimedAt: at,
    message: { channel: 'C0DOCSDEMO1', ts: '1.1' },
  };
}

describe('episodeKey', () => {
  it('is account, region and alarm name: one record per alarm, whatever path its events took', () => {
    expect(episodeKey(base)).toBe('123456789012:us-east-1:ServerCpuTooHigh');
  });
});

describe('stepFor', () => {
  it.each<[string, AlarmEpisode | undefined, AlarmNotification, EpisodeStep]>([
    ['a first ALARM opens an episode', undefined, change('ALARM', 0), 'open'],
    ['ALARM after the last episode resolved opens a new one', record('closed', 0), change('ALARM', 5), 'open'],
    ['ALARM while open repeats', record('open', 0), change('ALARM', 5), 'repeat'],
    ['OK while open resolves', record('open', 0), change('OK', 5), 'resolve'],
    [
      'INSUFFICIENT_DATA while open is shown on the open episode',
      record('open', 0),
      change('INSUFFICIENT_DATA', 5),
      'note',
    ],
    ['OK with no episode is only remembered', undefined, change('OK', 5), 'remember'],
    [
      'INSUFFICIENT_DATA after the episode resolved is only remembered',
      record('closed', 0),
      change('INSUFFICIENT_DATA', 5),
      'remember',
    ],
    ['the same change again is stale (a duplicate)', record('open', 5), change('ALARM', 5), 'stale'],
    ['an older change is stale (late)', record('closed', 10), change('ALARM', 5), 'stale'],
  ])('%s', (_case, current, notification, step) => {
    expect(stepFor(current, notification)).toBe(step);
  });
});
