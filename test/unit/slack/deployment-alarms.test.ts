import type { KnownBlock } from '@slack/types';
import type { ProgressView } from '../../../commands/deploy/progress-view';
import { deploymentFailureReply, deploymentMessage } from '../../../lib/slack/blocks/deployment';
import { fingerprint } from '../../../handlers/deploy/view';
import { NOW, progressView } from '../../fakes/deployment-progress-views';
import { expectWithinSlackLimits } from './limits';
import { textsOf } from './read-blocks';

const allText = (blocks: KnownBlock[]): string => blocks.flatMap(textsOf).join('\n');
const WATCHED = ['edu-web-prod-5xx', 'edu-web-prod-latency'];
const ALARM_ACTIVE = {
  code: 'ALARM_ACTIVE',
  message:
    'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: edu-web-prod-5xx',
};
/** A deploy CodeDeploy stopped for an alarm, at the stage it had reached. */
const stopped = (overrides: Partial<ProgressView> = {}): ProgressView =>
  progressView({
    status: 'Stopped',
    outcome: 'stopped',
    finishedAt: NOW,
    error: ALARM_ACTIVE,
    stoppedByAlarms: ['edu-web-prod-5xx'],
    ...overrides,
  });

describe('deploymentMessage: the alarms CodeDeploy watches', () => {
  it('lists them while the deployment runs', () => {
    const message = deploymentMessage(progressView({ watchedAlarms: WATCHED }));
    expect(allText(message.blocks)).toContain(
      '🔔 CodeDeploy stops this deployment if an alarm fires: edu-web-prod-5xx, edu-web-prod-latency',
    );
    expectWithinSlackLimits(message);
  });

  it('lists five and counts the rest, each name escaped and cut, within Slack’s limits', () => {
    const names = Array.from({ length: 10 }, (_, i) => `edu-web-prod-<${i}>-&-${'x'.repeat(240)}`);
    const message = deploymentMessage(progressView({ watchedAlarms: names }));
    const line = allText(message.blocks)
      .split('\n')
      .find((text) => text.startsWith('🔔'));
    expect(line).toMatch(/ \+5 more$/);
    expect(line).toContain('edu-web-prod-&lt;0&gt;-&amp;-xxx');
    expect(line).not.toContain('<0>');
    expect(line?.match(/edu-web-prod-/g)).toHaveLength(5);
    expectWithinSlackLimits(message);
  });

  it.each<[string, Partial<ProgressView>]>([
    ['no alarms', {}],
    ['a finished deployment', { status: 'Succeeded', outcome: 'succeeded', stage: 'done', watchedAlarms: WATCHED }],
  ])('has no alarm line for %s', (_case, overrides) => {
    expect(allText(deploymentMessage(progressView(overrides)).blocks)).not.toContain('🔔');
  });
});

describe('deploymentMessage: stopped by CodeDeploy for an alarm', () => {
  it.each<[string, Partial<ProgressView>, string]>([
    [
      'before the reroute',
      { stage: 'installing' },
      '⏹ Stopped by CodeDeploy: alarm *edu-web-prod-5xx* fired. Traffic stayed on the blue fleet.',
    ],
    [
      'before the reroute, rolled back',
      { stage: 'ready', rolledBackBy: 'd-RB0000001' },
      '⏹ Stopped by CodeDeploy: alarm *edu-web-prod-5xx* fired. Traffic stayed on the blue fleet.',
    ],
    [
      'after the reroute, rolled back',
      { stage: 'rerouted', rolledBackBy: 'd-RB0000001' },
      '⏹ Stopped by CodeDeploy: alarm *edu-web-prod-5xx* fired. Traffic went back to the blue fleet.',
    ],
    [
      'while traffic moved, rolled back',
      { stage: 'rerouting', rolledBackBy: 'd-RB0000001' },
      '⏹ Stopped by CodeDeploy: alarm *edu-web-prod-5xx* fired. Traffic went back to the blue fleet.',
    ],
    [
      'after the reroute, no rollback',
      { stage: 'rerouted' },
      '⏹ Stopped by CodeDeploy: alarm *edu-web-prod-5xx* fired. Traffic had already moved to green and no rollback has started, so green may still be serving.',
    ],
    [
      'while blue was terminating, rolled back',
      { stage: 'terminating', rolledBackBy: 'd-RB0000001' },
      '⏹ Stopped by CodeDeploy: alarm *edu-web-prod-5xx* fired. Traffic goes back to the blue fleet if it is still running.',
    ],
    [
      'with two alarms',
      { stage: 'installing', stoppedByAlarms: WATCHED },
      '⏹ Stopped by CodeDeploy: alarms *edu-web-prod-5xx* and *edu-web-prod-latency* fired. Traffic stayed on the blue fleet.',
    ],
    [
      'without knowing which',
      { stage: 'installing', stoppedByAlarms: [] },
      '⏹ Stopped by CodeDeploy: an alarm fired. Traffic stayed on the blue fleet.',
    ],
    [
      'a rollback deployment (how it moves traffic is not documented)',
      { kind: 'rollback', revision: 'v41', rollbackOf: 'd-BAD000001', stage: 'installing' },
      '⏹ Stopped by CodeDeploy: alarm *edu-web-prod-5xx* fired.',
    ],
  ])('%s', (_case, overrides, line) => {
    // Act
    const message = deploymentMessage(stopped(overrides));
    // Assess
    const texts = message.blocks.flatMap(textsOf);
    expect(texts).toContain(line);
    expect(allText(message.blocks)).not.toContain('ALARM_ACTIVE');
    expect(message.blocks.filter((block) => block.type === 'actions')).toEqual([]);
    expectWithinSlackLimits(message);
  });

  it('names the alarm in the notification text, escaped', () => {
    const message = deploymentMessage(stopped({ stoppedByAlarms: ['web <prod> 5xx'] }));
    expect(message.text).toBe('⏹ Stopped: web → prod · v42 (alarm web &lt;prod&gt; 5xx fired)');
  });

  it('keeps CodeDeploy’s words for any other stop', () => {
    const message = deploymentMessage(
      stopped({ stoppedByAlarms: undefined, error: { code: 'MANUAL_STOP', message: 'Stopped by a user' } }),
    );
    expect(allText(message.blocks)).toContain('❌ *MANUAL_STOP*: Stopped by a user');
    expect(allText(message.blocks)).not.toContain('Stopped by CodeDeploy');
  });
});

describe('deploymentFailureReply: an alarm stop', () => {
  it('names the alarm, where traffic is and what to do, instead of the generic error', () => {
    // Act
    const reply = deploymentFailureReply({
      view: stopped({ stage: 'rerouted', rolledBackBy: 'd-RB0000001' }),
      failures: [],
    });
    // Assess
    const text = allText(reply.blocks);
    expect(reply.text).toBe('STOPPED: web → prod · v42: alarm edu-web-prod-5xx fired');
    expect(text).toContain(
      '⏹ *web → prod · v42* was stopped by CodeDeploy (<https://ap-northeast-2.console.aws.amazon.com/codesuite/codedeploy/deployments/d-7QX2K9ABC?region=ap-northeast-2|d-7QX2K9ABC>): alarm *edu-web-prod-5xx* fired. Traffic went back to the blue fleet.',
    );
    expect(text).toContain('CodeDeploy stops a deployment of this group when an alarm on its list is in ALARM');
    expect(text).toContain('CodeDeploy is already rolling back with `d-RB0000001`');
    expect(text).not.toContain('ALARM_ACTIVE');
    expect(text).not.toContain('without a failed lifecycle hook');
    expectWithinSlackLimits(reply);
  });

  it('stays within Slack’s limits with ten long alarm names', () => {
    const names = Array.from({ length: 10 }, (_, i) => `${'&'.repeat(250)}${i}`);
    expectWithinSlackLimits(deploymentFailureReply({ view: stopped({ stoppedByAlarms: names }), failures: [] }));
    expectWithinSlackLimits(deploymentMessage(stopped({ stoppedByAlarms: names })));
  });
});

describe('fingerprint: the alarms change the message', () => {
  it.each<[string, Partial<ProgressView>, Partial<ProgressView>]>([
    ['the watched alarms', {}, { watchedAlarms: WATCHED }],
    ['an alarm stop', {}, { stoppedByAlarms: [] }],
    ['which alarm stopped it', { stoppedByAlarms: [] }, { stoppedByAlarms: ['edu-web-prod-5xx'] }],
  ])('%s', (_case, from, to) => {
    const before = fingerprint(progressView(from));
    const after = fingerprint(progressView(to));
    expect(after.split('\n')[0]).not.toBe(before.split('\n')[0]); // the shape, not just the counts
  });
});
