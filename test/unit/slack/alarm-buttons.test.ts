import { alarmButtons } from '../../../lib/slack/blocks/alarm-buttons';

const KEY = '111111111111:ap-northeast-2:edu-web-prod-cpu-high';
const ids = (block: ReturnType<typeof alarmButtons>) =>
  (block?.elements ?? []).map((element) => ('action_id' in element ? element.action_id : undefined));

describe('alarmButtons', () => {
  it.each([
    [
      'an open episode nobody acknowledged',
      { key: KEY, open: true },
      ['alarm.ack', 'alarm.snooze-1h', 'alarm.snooze-4h', 'alarm.status'],
    ],
    [
      'an acknowledged one: Acknowledge is done',
      { key: KEY, open: true, acknowledgedBy: 'U0CAROL' },
      ['alarm.snooze-1h', 'alarm.snooze-4h', 'alarm.status'],
    ],
    ['a resolved one: nothing left to act on', { key: KEY, open: false }, []],
  ])('%s', (_case, view, expected) => {
    expect(ids(alarmButtons(view))).toEqual(expected);
  });

  it('carries the episode key in every button, and asks before snoozing', () => {
    const block = alarmButtons({ key: KEY, open: true });
    expect(block?.elements.every((element) => 'value' in element && element.value === KEY)).toBe(true);
    expect(block?.elements.filter((element) => 'confirm' in element && element.confirm)).toHaveLength(2);
  });
});
