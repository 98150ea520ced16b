import { buttonLabel, clickTakenNote, isClickFeedback, markedMessage } from '../../../lib/slack/blocks/click-feedback';
import { actions } from '../../../lib/slack/blocks/buttons';

const button = (action: string, text = action) => ({
  type: 'button',
  action_id: action,
  value: 'd-1',
  text: { type: 'plain_text', text, emoji: true },
});
const header = { type: 'header', text: { type: 'plain_text', text: '🚀 web → prod · v42' } };
const actionsOf = (...buttons: ReturnType<typeof button>[]) => ({
  type: 'actions',
  block_id: 'deployment-d-1',
  elements: buttons,
});
const bob = { label: 'Reroute traffic', user: 'U0BOB' };
const note = (text: string) => ({
  type: 'context',
  block_id: 'blueshift-click-feedback',
  elements: [{ type: 'mrkdwn', text: `:hourglass_flowing_sand: ${text}` }],
});

describe('markedMessage: the clicked message, marked from its own blocks', () => {
  it.each([
    {
      case: 'the clicked button goes, the others stay, the note follows their block',
      blocks: [header, actionsOf(button('deployment.reroute'), button('deployment.stop'))],
      settles: ['deployment.reroute'],
      expected: [header, actionsOf(button('deployment.stop')), note('Reroute traffic requested by <@U0BOB>…')],
    },
    {
      case: 'a block left without buttons goes, the note stands in its place',
      blocks: [header, actionsOf(button('deployment.reroute'), button('deployment.stop')), { type: 'divider' }],
      settles: ['deployment.reroute', 'deployment.stop'],
      expected: [header, note('Reroute traffic requested by <@U0BOB>…'), { type: 'divider' }],
    },
    {
      case: 'a settled button in another block goes too, without a second note',
      blocks: [actionsOf(button('deployment.reroute')), actionsOf(button('deployment.stop'), button('alarm.status'))],
      settles: ['deployment.reroute', 'deployment.stop'],
      expected: [note('Reroute traffic requested by <@U0BOB>…'), actionsOf(button('alarm.status'))],
    },
    {
      case: "a section's button (accessory) goes, the section stays",
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' }, accessory: button('deployment.reroute') }],
      settles: ['deployment.reroute'],
      expected: [
        { type: 'section', text: { type: 'mrkdwn', text: 'x' } },
        note('Reroute traffic requested by <@U0BOB>…'),
      ],
    },
  ])('$case', ({ blocks, settles, expected }) => {
    // Act
    const marked = markedMessage({ text: 'the fallback', blocks }, 'deployment.reroute', bob, settles);
    // Assess
    expect(marked).toEqual({ text: 'the fallback', blocks: expected });
  });

  it('notes the click once, though two blocks hold the button', () => {
    const blocks = [actionsOf(button('deployment.reroute')), actionsOf(button('deployment.reroute'))];
    const marked = markedMessage({ blocks }, 'deployment.reroute', bob, ['deployment.reroute']);
    expect(marked.blocks).toEqual([note('Reroute traffic requested by <@U0BOB>…')]);
  });

  it('escapes the label: it is what Slack sent, shown as mrkdwn', () => {
    const marked = markedMessage(
      { blocks: [actionsOf(button('deployment.stop'))] },
      'deployment.stop',
      { label: 'Stop & <!here>', user: 'U0BOB' },
      ['deployment.stop'],
    );
    expect(JSON.stringify(marked.blocks)).toContain('Stop &amp; &lt;!here&gt; requested by <@U0BOB>');
    expect(JSON.stringify(marked.blocks)).not.toContain('<!here>');
  });

  it('is told from an answer by its block_id; the message put back is not', () => {
    const blocks = [actionsOf(button('deployment.stop'))];
    expect(isClickFeedback(markedMessage({ blocks }, 'deployment.stop', bob, ['deployment.stop']))).toBe(true);
    expect(isClickFeedback(clickTakenNote('Status'))).toBe(true);
    expect(isClickFeedback({ blocks })).toBe(false);
    expect(isClickFeedback({})).toBe(false);
  });
});

describe('buttonLabel', () => {
  it('reads the label the message shows, or nothing when the message does not hold the button', () => {
    const message = { blocks: [header, actionsOf(button('deployment.stop', 'Stop & roll back'))] };
    expect(buttonLabel(message, 'deployment.stop')).toBe('Stop & roll back');
    expect(buttonLabel(message, 'deployment.reroute')).toBeUndefined();
  });

  it('reads the clicked one of buttons that share an action (a request’s choices) by its value', () => {
    const choices = {
      blocks: [
        actions('request-1', [
          { action: 'request.approve', text: 'At the next deployment', value: 'req-1|next' },
          { action: 'request.approve', text: 'Now, through an instance refresh', value: 'req-1|now' },
        ]),
      ],
    };
    expect(buttonLabel(choices, 'request.approve', 'req-1|now')).toBe('Now, through an instance refresh');
    expect(buttonLabel(choices, 'request.approve')).toBe('At the next deployment');
  });
});
