import type { KnownBlock } from '@slack/types';
import { blockLimitProblems, slackLimitProblems } from './limits';

const text = (length: number) => 'x'.repeat(length);
const mrkdwn = (t: string) => ({ type: 'mrkdwn' as const, text: t });

describe('slackLimitProblems (the helper other tests rely on)', () => {
  it('finds nothing wrong with blocks at their documented limits, but a message of them is too big for Slack', () => {
    // Prepare
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: text(150) } },
      { type: 'section', text: mrkdwn(text(3000)), fields: Array.from({ length: 10 }, () => mrkdwn(text(2000))) },
      ...Array.from({ length: 48 }, (): KnownBlock => ({ type: 'divider' })),
    ];
    // Act
    const problems = slackLimitProblems({ text: 'Status', blocks });
    // Assess
    expect(blockLimitProblems(blocks)).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/^blocks \(as JSON\): \d+ characters, more than 13000$/)]);
  });

  it.each<[string, { text: string; blocks: KnownBlock[] }, string]>([
    ['an empty fallback text', { text: ' ', blocks: [] }, 'text: empty (it is the notification fallback)'],
    [
      '51 blocks',
      { text: 't', blocks: Array.from({ length: 51 }, (): KnownBlock => ({ type: 'divider' })) },
      '51 blocks, more than 50',
    ],
    [
      'a long header',
      { text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: text(151) } }] },
      'blocks[0] (header).text: 151 characters, more than 150',
    ],
    [
      'a long section text',
      { text: 't', blocks: [{ type: 'section', text: mrkdwn(text(3001)) }] },
      'blocks[0] (section).text: 3001 characters, more than 3000',
    ],
    [
      'eleven fields',
      { text: 't', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }] },
      'blocks[0] (section): 11 fields, more than 10',
    ],
    [
      'a long field',
      { text: 't', blocks: [{ type: 'section', fields: [mrkdwn('f'), mrkdwn(text(2001))] }] },
      'blocks[0] (section).fields[1]: 2001 characters, more than 2000',
    ],
    ['an empty section', { text: 't', blocks: [{ type: 'section' }] }, 'blocks[0] (section): neither text nor fields'],
    [
      'a long context line',
      { text: 't', blocks: [{ type: 'context', elements: [mrkdwn(text(3001))] }] },
      'blocks[0] (context).elements[0].text: 3001 characters, more than 3000',
    ],
    [
      'a long button label',
      {
        text: 't',
        blocks: [
          {
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: text(76) }, action_id: 'a' }],
          },
        ],
      },
      'blocks[0] (actions).elements[0].text: 76 characters, more than 75',
    ],
  ])('reports %s', (_case, message, expected) => {
    // Act
    const problems = slackLimitProblems(message);
    // Assess
    expect(problems).toEqual([expected]);
  });
});
