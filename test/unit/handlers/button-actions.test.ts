import { ACTIONS } from '../../../handlers/jobs/run-action';
import { ACTION_ID, BUTTON_ACTIONS } from '../../../handlers/slack/actions';

describe('the buttons the slack function queues', () => {
  it('are exactly the buttons the worker has a handler for', () => {
    // Assess
    expect([...BUTTON_ACTIONS].sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  it.each(['request.approve', 'deployment.terminate-blue', 'alarm.snooze-1h'])('matches %s whole', (id) => {
    // Assess
    expect(ACTION_ID.test(id)).toBe(true);
    expect(ACTION_ID.test(`${id}x`)).toBe(false);
    expect(ACTION_ID.test(id.replace('.', 'x'))).toBe(false);
  });
});
