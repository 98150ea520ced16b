import { ago, clip, context, divider, escape, header, section, slackDate } from '../../../lib/slack/blocks/kit';
import { blockLimitProblems } from './limits';

describe('clip', () => {
  it.each<[string, number, string]>([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven char', 10, 'eleven ch…'],
  ])('cuts %p to %p characters', (text, max, expected) => {
    // Act
    const clipped = clip(text, max);
    // Assess
    expect(clipped).toBe(expected);
    expect(clipped.length).toBeLessThanOrEqual(max);
  });
});

describe('escape', () => {
  it('escapes the characters Slack mrkdwn treats as control characters', () => {
    // Act
    const escaped = escape('<!channel> & <@U0ALICE> > *bold*');
    // Assess
    expect(escaped).toBe('&lt;!channel&gt; &amp; &lt;@U0ALICE&gt; &gt; *bold*');
  });
});

describe('blocks', () => {
  it('keeps every block within Slack’s limits, however long the text', () => {
    // Prepare
    const long = 'y'.repeat(10_000);
    // Act
    const blocks = [
      header(long),
      section(
        long,
        Array.from({ length: 12 }, () => long),
      ),
      context(...Array.from({ length: 12 }, () => long)),
      divider(),
    ];
    // Assess
    expect(blockLimitProblems(blocks)).toEqual([]);
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: `${'y'.repeat(149)}…`, emoji: true },
    });
  });

  it('builds a section without fields when none are given', () => {
    // Act
    const block = section('*web* → *prod*');
    // Assess
    expect(block).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*web* → *prod*' } });
  });

  it('builds a context block of mrkdwn lines', () => {
    // Act
    const block = context('one', 'two');
    // Assess
    expect(block).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'one' },
        { type: 'mrkdwn', text: 'two' },
      ],
    });
  });
});

describe('ago', () => {
  const now = new Date('2025-03-01T12:00:00.000Z');
  const before = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it.each<[number, string]>([
    [0, 'just now'],
    [0.4, 'just now'],
    [-10, 'just now'],
    [1, '1m ago'],
    [59, '59m ago'],
    [60, '1h ago'],
    [89, '1h ago'],
    [90, '2h ago'],
    [47 * 60, '47h ago'],
    [48 * 60, '2d ago'],
    [10 * 24 * 60, '10d ago'],
  ])('%p minutes before now reads %p', (minutes, expected) => {
    // Act
    const text = ago(before(minutes), now);
    // Assess
    expect(text).toBe(expected);
  });
});

describe('slackDate', () => {
  it('gives a date token each reader sees in their own zone, with a UTC fallback', () => {
    // Act
    const token = slackDate(new Date('2025-03-01T09:05:42.000Z'));
    // Assess
    expect(token).toBe('<!date^1740819942^{date_short_pretty} {time}|2025-03-01 09:05 UTC>');
  });
});
