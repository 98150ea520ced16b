import type { AppEnvStatus } from '../../../commands/status-report';
import { statusMessage } from '../../../lib/slack/blocks/status';
import {
  activeDeploymentView,
  alarm,
  appEnvStatus,
  deployLock,
  exemption,
  failed,
  minutesAgo,
  minutesFromNow,
  ok,
  statusReport,
} from '../../fakes/status-views';
import { expectWithinSlackLimits } from './limits';
import { fieldsOf, textsOf } from './read-blocks';

const FOOTER = 'As of 12:00 UTC · `/status help` for options';
const entries = (count: number): AppEnvStatus[] =>
  Array.from({ length: count }, (_, i) => appEnvStatus({ app: `app-${i + 1}` }));

describe('statusMessage: layout', () => {
  it('is a header, one section and divider per entry, the exemptions and the time', () => {
    // Prepare
    const staging = appEnvStatus({ env: 'staging', protected: false, fleetName: 'edu-web-staging-asg' });
    // Act
    const message = statusMessage(statusReport({ scope: 'web', entries: [appEnvStatus(), staging] }));
    // Assess
    expect(message.blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'divider',
      'section',
      'divider',
      'context',
      'context',
    ]);
    expect(message.blocks.map((block) => textsOf(block)[0])).toEqual([
      'Status: web',
      '*web* → *prod*  :shield: protected',
      undefined,
      '*web* → *staging*',
      undefined,
      ':shield: No active WAF exemptions.',
      FOOTER,
    ]);
    expectWithinSlackLimits(message);
  });

  it.each<[string, AppEnvStatus[], string]>([
    ['all quiet', [appEnvStatus()], 'Status of web prod: 0 deployments running, 0 alarms firing'],
    [
      'one of each',
      [
        appEnvStatus({
          alarms: ok([alarm('edu-web-5xx')]),
          deployment: ok({ active: activeDeploymentView(), last: undefined }),
        }),
      ],
      'Status of web prod: 1 deployment running, 1 alarm firing',
    ],
    [
      'counted over entries',
      [
        appEnvStatus({
          alarms: ok([alarm('a'), alarm('b')]),
          deployment: ok({ active: activeDeploymentView(), last: undefined }),
        }),
        appEnvStatus({
          env: 'staging',
          alarms: ok([alarm('c')]),
          deployment: ok({ active: activeDeploymentView(), last: undefined }),
        }),
        appEnvStatus({ app: 'api', alarms: failed('Throttling'), deployment: failed('Throttling') }),
      ],
      'Status of web prod: 2 deployments running, 3 alarms firing',
    ],
  ])('sums up %s in the notification text', (_case, reportEntries, expected) => {
    // Act
    const message = statusMessage(statusReport({ entries: reportEntries }));
    // Assess
    expect(message.text).toBe(expected);
  });

  it('says when nothing is configured for the scope', () => {
    // Act
    const message = statusMessage(statusReport({ scope: 'api staging', entries: [] }));
    // Assess
    expect(textsOf(message.blocks[1])).toEqual(['_Nothing is configured for this scope._']);
    expectWithinSlackLimits(message);
  });

  it('says once, with the lock, why an entry could not be read at all', () => {
    // Prepare
    const why = failed('could not assume arn:aws:iam::111111111111:role/blueshift-operator: AccessDenied');
    const entry = appEnvStatus({ deployment: why, alarms: why, fleet: why, lock: ok(deployLock()) });
    // Act
    const message = statusMessage(statusReport({ entries: [entry] }));
    // Assess
    expect(textsOf(message.blocks[1])).toEqual([
      '*web* → *prod*  :shield: protected\n:warning: could not assume arn:aws:iam::111111111111:role/blueshift-operator: AccessDenied',
      '*Lock*\n:lock: <@U0ALICE> since 2h ago: release freeze',
    ]);
  });

  it.each<[string, Partial<AppEnvStatus>]>([
    [
      'sections fail for different reasons',
      { deployment: failed('AccessDenied'), alarms: failed('Throttling'), fleet: failed('AccessDenied') },
    ],
    ['only some sections fail', { deployment: failed('AccessDenied'), fleet: failed('AccessDenied') }],
  ])('shows every section when %s', (_case, overrides) => {
    // Act
    const message = statusMessage(statusReport({ entries: [appEnvStatus(overrides)] }));
    // Assess
    expect(textsOf(message.blocks[1])[0]).toBe('*web* → *prod*  :shield: protected');
    expect(fieldsOf(message.blocks[1]).filter((field) => field.includes('_unavailable: '))).toHaveLength(
      overrides.alarms ? 3 : 2,
    );
  });

  it('lists active exemptions with the time left, the source range, and one being reverted', () => {
    // Prepare
    const exemptions = ok([
      exemption(),
      exemption({
        id: 'wx-0002',
        env: 'staging',
        path: '/api/upload',
        rule: 'SizeRestrictions_BODY',
        cidr: '203.0.113.0/24',
        requestedBy: 'U0BOB',
        expiresAt: minutesFromNow(26 * 60),
      }),
      exemption({ id: 'wx-0003', expiresAt: minutesAgo(1) }),
    ]);
    // Act
    const message = statusMessage(statusReport({ exemptions }));
    // Assess
    expect(textsOf(message.blocks.at(-2))).toEqual([
      [
        '*Active WAF exemptions*',
        '• `wx-0001` prod: `/admin` skips *AWSManagedRulesAdminProtectionRuleSet* — 1h 30m left, by <@U0ALICE>',
        '• `wx-0002` staging: `/api/upload` skips *SizeRestrictions_BODY* from `203.0.113.0/24` — 1d 2h left, by <@U0BOB>',
        '• `wx-0003` prod: `/admin` skips *AWSManagedRulesAdminProtectionRuleSet* — expired, being reverted, by <@U0ALICE>',
      ].join('\n'),
    ]);
  });

  it('says why the exemptions could not be read', () => {
    // Act
    const message = statusMessage(statusReport({ exemptions: failed('ResourceNotFoundException: <table>') }));
    // Assess
    expect(textsOf(message.blocks.at(-2))).toEqual([
      ':warning: WAF exemptions unavailable: ResourceNotFoundException: &lt;table&gt;',
    ]);
  });
});

describe('statusMessage: Slack limits', () => {
  // An entry with burstable instances is about 800 characters of blocks (its "What is using the CPU" button
  // included): 13 fit Slack's practical size limit, before 50 blocks would.
  it.each<[number, number]>([
    [1, 0],
    [13, 0],
    [14, 1],
    [60, 47],
  ])("with %p entries leaves %p out, within Slack's limits", (count, left) => {
    // Act
    const message = statusMessage(statusReport({ scope: 'all apps', entries: entries(count) }));
    // Assess
    expectWithinSlackLimits(message);
    expect(message.blocks.filter((block) => block.type === 'section')).toHaveLength(count - left);
    const notes = message.blocks.flatMap(textsOf).filter((text) => text.startsWith('…and'));
    expect(notes).toEqual(left ? [`…and ${left} more. Narrow it down: \`/status <app> <env>\`.`] : []);
    expect(message.blocks.slice(-2).map(textsOf)).toEqual([[':shield: No active WAF exemptions.'], [FOOTER]]);
  });

  it('keeps the exemptions and the time when entries are cut, even with a long exemption list', () => {
    // Prepare
    const many = Array.from({ length: 80 }, (_, i) => exemption({ id: `wx-${i}` }));
    // Act
    const message = statusMessage(statusReport({ entries: entries(40), exemptions: ok(many) }));
    // Assess
    expectWithinSlackLimits(message);
    expect(textsOf(message.blocks.at(-2))[0]).toMatch(/^\*Active WAF exemptions\*\n• `wx-0` /);
    expect(textsOf(message.blocks.at(-3))).toEqual(['…and 31 more. Narrow it down: `/status <app> <env>`.']);
  });

  it('stays within limits when every text is huge', () => {
    // Prepare
    const huge = 'x'.repeat(5_000);
    const entry = appEnvStatus({
      app: huge,
      lock: ok(deployLock({ reason: huge })),
      alarms: ok(Array.from({ length: 300 }, (_, i) => alarm(`${huge}-${i}`))),
    });
    // Act
    const message = statusMessage(statusReport({ scope: huge, entries: [entry], exemptions: failed(huge) }));
    // Assess
    expectWithinSlackLimits(message);
  });
});
