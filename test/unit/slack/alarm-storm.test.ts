import type { HeaderBlock, SectionBlock } from '@slack/types';
import { placementOf, STORM_THRESHOLD, type StormWindow } from '../../../commands/alarms/storm';
import { stormSummaryMessage, type StormSummaryAlarm } from '../../../lib/slack/blocks/alarm-storm';
import { expectWithinSlackLimits } from './limits';

const AT = new Date('2026-03-02T02:13:00.000Z');
const minutesLater = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);
const firing = (name: string, minutes = 0): StormSummaryAlarm => ({ name, firing: true, since: minutesLater(minutes) });
const resolved = (name: string, minutes = 0): StormSummaryAlarm => ({
  name,
  firing: false,
  since: minutesLater(minutes),
  resolvedAt: minutesLater(minutes + 5),
});

const headerOf = (message: ReturnType<typeof stormSummaryMessage>) => (message.blocks[0] as HeaderBlock).text.text;
const listed = (message: ReturnType<typeof stormSummaryMessage>) =>
  message.blocks
    .filter((block): block is SectionBlock => block.type === 'section')
    .map((block) => block.text?.text ?? '')
    .join('\n');

describe('the storm summary message', () => {
  it.each([
    ['all firing', [firing('a'), firing('b'), firing('c')], '🚨 3 alarms firing in prod'],
    ['some resolved', [firing('a'), resolved('b'), firing('c')], '🚨 3 alarms in prod: 2 still firing, 1 resolved'],
    ['all resolved', [resolved('a'), resolved('b'), resolved('c')], '✅ 3 alarms in prod: all resolved'],
  ])('says how many fire in its header (%s)', (_, alarms, title) => {
    // Act
    const message = stormSummaryMessage({ env: 'prod', alarms });
    // Assess
    expect(headerOf(message)).toBe(title);
    expect(message.text.startsWith(title)).toBe(true);
  });

  it('lists firing alarms first, oldest first, then the resolved ones struck through', () => {
    // Act
    const message = stormSummaryMessage({
      env: 'prod',
      alarms: [resolved('edu-web-disk', 0), firing('edu-web-cpu', 2), firing('edu-web-5xx', 1)],
    });
    // Assess
    const lines = listed(message).split('\n');
    expect(lines[0]).toContain('`edu-web-5xx` firing since');
    expect(lines[1]).toContain('`edu-web-cpu` firing since');
    expect(lines[2]).toMatch(/^✅ ~`edu-web-disk`~ resolved/);
    // The fallback text names the alarms still firing, so a notification says which
    expect(message.text).toContain('edu-web-5xx, edu-web-cpu');
    expect(message.text).not.toContain('edu-web-disk');
  });

  it('escapes alarm names and stays within Slack’s limits for a storm of 120 long-named alarms', () => {
    // Prepare
    const alarms = Array.from({ length: 120 }, (_, i) => firing(`edu-web-<${'x'.repeat(200)}>-${i}`, i % 7));
    // Act
    const message = stormSummaryMessage({ env: 'prod', alarms });
    // Assess
    expectWithinSlackLimits(message);
    expect(listed(message)).not.toContain('<x');
    expect(listed(message)).toMatch(/…and \d+ more, in the thread$/);
    expect(listed(message)).toContain('`edu-web-&lt;xxx');
  });
});

describe('where an opening alarm is posted', () => {
  const window = (alarms: number, claimed = false): StormWindow => ({
    env: 'prod',
    startedAt: AT,
    lastAt: AT,
    alarms: Array.from({ length: alarms }, (_, i) => ({ key: `k${i}`, name: `a${i}`, at: AT })),
    ...(claimed ? { summaryClaimedAt: AT } : {}),
  });

  it.each([
    ['no live window', undefined, 'alone'],
    ['the first of a window', window(1), 'alone'],
    [`the ${STORM_THRESHOLD - 1}nd`, window(STORM_THRESHOLD - 1), 'alone'],
    [`the ${STORM_THRESHOLD}rd`, window(STORM_THRESHOLD), 'summary'],
    ['one joining a window whose summary is claimed', window(2, true), 'summary'],
  ])('%s: %s', (_, joined, placement) => {
    expect(placementOf(joined)).toBe(placement);
  });
});
