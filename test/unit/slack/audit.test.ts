import type { AuditEntry } from '../../../commands/ports';
import { auditMessage } from '../../../lib/slack/blocks/audit';
import { expectWithinSlackLimits } from './limits';
import { textsOf } from './read-blocks';

function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: new Date('2025-03-01T12:00:00.000Z'),
    user: 'U0ALICE',
    command: '/deploy web prod v42',
    decision: 'allowed',
    detail: 'operator',
    app: 'web',
    env: 'prod',
    ...overrides,
  };
}

describe('auditMessage', () => {
  it.each<[string, Partial<AuditEntry>, string]>([
    [
      'an allowed command',
      {},
      ':large_green_circle: *allowed* · <@U0ALICE> `/deploy web prod v42` (web prod) — operator',
    ],
    [
      'a refusal, its reason escaped so it pings nobody',
      { decision: 'refused', detail: 'only operators of `prod` may run this. Ask someone in <!subteam^S0DEVELOPERS>' },
      ':no_entry: *refused* · <@U0ALICE> `/deploy web prod v42` (web prod) — only operators of `prod` may run this. Ask someone in &lt;!subteam^S0DEVELOPERS&gt;',
    ],
    [
      'an approval',
      { decision: 'approved', detail: 'approved by <@U0BOB>', user: 'U0BOB' },
      ':white_check_mark: *approved* · <@U0BOB> `/deploy web prod v42` (web prod) — approved by &lt;@U0BOB&gt;',
    ],
    [
      'a rejection',
      { decision: 'rejected', detail: 'not now' },
      ':x: *rejected* · <@U0ALICE> `/deploy web prod v42` (web prod) — not now',
    ],
    [
      'an expired approval',
      { decision: 'expired', detail: 'nobody approved within 30 minutes' },
      ':hourglass: *expired* · <@U0ALICE> `/deploy web prod v42` (web prod) — nobody approved within 30 minutes',
    ],
    [
      'a success with deployment and role session',
      { decision: 'succeeded', detail: 'deployed', deploymentId: 'd-ACTIVE001', roleSession: 'blueshift-alice' },
      ':white_check_mark: *succeeded* · <@U0ALICE> `/deploy web prod v42` (web prod) — deployed · deployment `d-ACTIVE001` · role session `blueshift-alice`',
    ],
    [
      'a failure without app or environment',
      {
        decision: 'failed',
        command: '/waf-exempt revoke wx-9',
        detail: 'no such exemption',
        app: undefined,
        env: undefined,
      },
      ':rotating_light: *failed* · <@U0ALICE> `/waf-exempt revoke wx-9` — no such exemption',
    ],
    [
      'an environment only',
      { command: '/waf-exempt list prod', app: undefined },
      ':large_green_circle: *allowed* · <@U0ALICE> `/waf-exempt list prod` (prod) — operator',
    ],
  ])('records %s in one line', (_case, overrides, expected) => {
    // Act
    const message = auditMessage(auditEntry(overrides));
    // Assess
    expect(message.blocks).toHaveLength(1);
    expect(textsOf(message.blocks[0])).toEqual([expected]);
    expectWithinSlackLimits(message);
  });

  it('has a plain notification text', () => {
    // Act
    const message = auditMessage(auditEntry({ decision: 'refused' }));
    // Assess
    expect(message.text).toBe('refused: /deploy web prod v42 by U0ALICE');
  });

  it('stays within Slack’s limits for a huge command', () => {
    // Act
    const message = auditMessage(auditEntry({ command: `/rollback web prod ${'why '.repeat(2_000)}` }));
    // Assess
    expectWithinSlackLimits(message);
  });
});

describe('auditMessage for what nobody clicked', () => {
  it('names blueshift itself in words, never as a broken <@blueshift-system> mention', () => {
    // Act
    const message = auditMessage({
      at: new Date(0),
      user: 'blueshift-system',
      command: 'move alarms',
      decision: 'succeeded',
      detail: '3 of 3 alarms moved',
    });
    // Assess
    const line = JSON.stringify(message.blocks);
    expect(line).toContain('*blueshift*');
    expect(line).not.toContain('<@blueshift-system>');
  });
});
