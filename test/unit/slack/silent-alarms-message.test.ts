import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { SilentAlarmRecord } from '../../../commands/fleet/ports';
import {
  alarmMoveResultsMessage,
  findingRef,
  MOVE_ALARMS_ACTION,
  parseFindingRef,
  silentAlarmsMessage,
} from '../../../lib/slack/blocks/silent-alarms';
import { expectWithinSlackLimits } from './limits';
import { textsOf } from './read-blocks';

const finding = (changes: Partial<SilentAlarmRecord> = {}): SilentAlarmRecord => ({
  env: 'prod',
  app: 'web',
  group: 'edu-web-prod-asg',
  alarms: ['edu-web-prod-5xx', 'edu-web-prod-cpu', 'edu-web-prod-latency'],
  stopOnAlarm: ['edu-web-prod-5xx'],
  liveGroup: 'CodeDeploy_edu-web-prod_d-7K2M9QX4B',
  replacedBy: 'd-7K2M9QX4B',
  foundAt: new Date('2026-12-06T03:00:00.000Z'),
  ...changes,
});
const allText = (blocks: KnownBlock[]): string => blocks.flatMap(textsOf).join('\n');
const buttonsOf = (blocks: KnownBlock[]) =>
  blocks.filter((block): block is ActionsBlock => block.type === 'actions').flatMap((block) => block.elements);

describe('silentAlarmsMessage', () => {
  it('says how many alarms went silent, why, and that CodeDeploy relies on one of them', () => {
    // Act
    const message = silentAlarmsMessage(finding(), { kind: 'found' });
    // Assess
    expect(message.text).toBe(
      "web prod: 3 alarms still watch `edu-web-prod-asg`, which deployment `d-7K2M9QX4B` replaced — they cannot fire; CodeDeploy's stop-on-alarm list includes one of them",
    );
    expect(allText(message.blocks)).toContain('• `edu-web-prod-latency`');
    expect(buttonsOf(message.blocks)).toEqual([
      expect.objectContaining({ action_id: MOVE_ALARMS_ACTION, value: 'prod/edu-web-prod-asg' }),
    ]);
  });

  it.each([
    ['moving', { kind: 'moving', by: 'U0LEAD' } as const, /<@U0LEAD> is moving them/],
    [
      'moved by a person',
      { kind: 'moved', by: 'U0LEAD', automatic: false } as const,
      /<@U0LEAD> moved them to `CodeDeploy_edu-web-prod_d-7K2M9QX4B`/,
    ],
    [
      'moved automatically',
      { kind: 'moved', by: 'blueshift-system', automatic: true } as const,
      /blueshift moved them automatically/,
    ],
  ])('offers no button once %s', (_, state, said) => {
    // Act
    const message = silentAlarmsMessage(finding(), state);
    // Assess
    expect(buttonsOf(message.blocks)).toEqual([]);
    expect(allText(message.blocks)).toMatch(said);
  });

  it('asks for a hand move when CodeDeploy points at several groups', () => {
    // Act
    const message = silentAlarmsMessage({ ...finding(), liveGroup: undefined }, { kind: 'found' });
    // Assess
    expect(buttonsOf(message.blocks)).toEqual([]);
    expect(allText(message.blocks)).toMatch(/by hand/);
  });

  it('stays within Slack limits and escapes names for a thousand long alarm names', () => {
    // Prepare
    const alarms = Array.from({ length: 1000 }, (_, i) => `<!channel>-${'x'.repeat(200)}-${i}`);
    // Act
    const message = silentAlarmsMessage(finding({ alarms, group: 'g<@U0EVIL>' }), { kind: 'found' });
    // Assess
    expectWithinSlackLimits(message);
    expect(allText(message.blocks)).not.toMatch(/<!channel>|<@U0EVIL>/);
    expect(allText(message.blocks)).toMatch(/… and 9\d\d more$/m);
  });
});

describe('finding references', () => {
  it('round-trip an environment and a group whose name has slashes', () => {
    expect(parseFindingRef(findingRef('prod', 'team/a/asg'))).toEqual({ env: 'prod', group: 'team/a/asg' });
    expect(parseFindingRef('prod')).toBeUndefined();
    expect(parseFindingRef('/asg')).toBeUndefined();
  });
});

describe('alarmMoveResultsMessage', () => {
  it('lists each alarm with what happened to it', () => {
    // Act
    const message = alarmMoveResultsMessage('CodeDeploy_edu-web-prod_d-7K2M9QX4B', [
      { alarm: 'edu-web-prod-5xx', result: 'moved' },
      { alarm: 'edu-web-prod-cpu', result: 'already-moved' },
      {
        alarm: 'edu-web-prod-latency',
        result: 'failed',
        reason: 'AccessDenied: check cloudwatch:PutMetricAlarm in the operator role',
      },
    ]);
    // Assess
    expect(message.text).toBe('1 alarm could not be moved to `CodeDeploy_edu-web-prod_d-7K2M9QX4B`; the others were.');
    expect(allText(message.blocks)).toContain(
      '`edu-web-prod-latency`: :x: not moved — AccessDenied: check cloudwatch:PutMetricAlarm',
    );
  });
});
