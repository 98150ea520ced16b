import { actions, baseAction } from '../../../lib/slack/blocks/buttons';
import { invalidBlocks } from '../../fakes/slack-blocks';
import { ACTION_ID } from '../../../handlers/slack/actions';

describe('a row of buttons', () => {
  it('keeps action_ids unique in its block, as Slack requires, and each routes to its action', () => {
    // Prepare: a request's two choices share request.approve
    const specs = [
      { action: 'request.approve', text: 'At the next deployment', value: 'req-1|when:next-deployment' },
      { action: 'request.approve', text: 'Now, through an instance refresh', value: 'req-1|when:refresh' },
      { action: 'request.reject', text: 'Reject', value: 'req-1' },
    ];
    // Act
    const row = actions('request-req-1', specs);
    // Assess
    const ids = row.elements.map((element) => (element as { action_id: string }).action_id);
    expect(ids).toEqual(['request.approve', 'request.approve#1', 'request.reject']);
    expect(invalidBlocks([row])).toBeUndefined();
    expect(ids.map(baseAction)).toEqual(['request.approve', 'request.approve', 'request.reject']);
    expect(ids.every((id) => ACTION_ID.test(id))).toBe(true);
  });

  it('is what Slack would refuse without the suffix', () => {
    const row = { type: 'actions', block_id: 'x', elements: [{ action_id: 'a' }, { action_id: 'a' }] };
    expect(invalidBlocks([row])).toBe('block 0: action_id a is not unique');
    expect(ACTION_ID.test('request.approve#x')).toBe(false);
  });
});
