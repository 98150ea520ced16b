import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetOf } from '../../../sandbox/runtime/event-bus';
import { findButton } from '../../../sandbox/runtime/slack-gateway';
import { actions } from '../../../lib/slack/blocks/buttons';
import { section } from '../../../lib/slack/blocks/kit';

const payload = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'payloads', name), 'utf8'));

describe('the sandbox event bus', () => {
  it.each([
    ['eventbridge__codedeploy-deployment-state-change__success__aws-docs.json', 'deployEvents'],
    ['eventbridge__codedeploy-instance-state-change__success__aws-docs.json', 'deployEvents'],
    ['eventbridge__cw-alarm-state-change__single-metric-ec2-cpu__aws-docs.json', 'alarmEvents'],
    ['eventbridge__scheduled-event__aws-docs.json', undefined],
  ])('routes %s as the bot bus rules do', (file, target) => {
    expect(targetOf(payload(file))).toBe(target);
  });
});

describe('a click in the sandbox', () => {
  it('carries the value the message’s own button has, found by action and block', () => {
    // Prepare
    const message = {
      channel: 'C0PRODOPS01',
      ts: '1.000001',
      user: 'U0BLUESHIFT',
      text: '',
      blocks: [
        section('Approve?'),
        actions('request-1', [{ action: 'request.approve', text: 'Approve', value: 'req-1' }]),
        actions('request-2', [{ action: 'request.approve', text: 'Approve', value: 'req-2' }]),
      ],
    };
    // Act / Assess
    expect(findButton(message, 'request.approve', 'request-2')).toMatchObject({ value: 'req-2', blockId: 'request-2' });
    expect(findButton(message, 'request.approve')).toMatchObject({ value: 'req-1' });
    expect(findButton(message, 'deployment.reroute')).toBeUndefined();
  });

  it('tells apart the buttons of one action in one block (their action_ids kept unique) by their place in it', () => {
    // Prepare: a request's two ways to say yes
    const message = {
      channel: 'C0PRODOPS01',
      ts: '1.000001',
      user: 'U0BLUESHIFT',
      text: '',
      blocks: [
        actions('request-1', [
          { action: 'request.approve', text: 'At the next deployment', value: 'req-1|next' },
          { action: 'request.approve', text: 'Now', value: 'req-1|now' },
        ]),
      ],
    };
    // Act / Assess
    expect(findButton(message, 'request.approve#1', 'request-1', 1)).toMatchObject({ value: 'req-1|now' });
    expect(findButton(message, 'request.approve', 'request-1')).toMatchObject({ value: 'req-1|next' });
    expect(findButton(message, 'request.approve', 'request-1', 1)).toBeUndefined();
  });
});
