import type { KnownBlock } from '@slack/types';
import type { ExemptionListEntry, ExemptionPreviewView } from '../../../commands/waf/views';
import { exemptionApplied, exemptionList, exemptionPreview, exemptionReverted } from '../../../lib/slack/blocks/waf';
import { expectWithinSlackLimits } from '../slack/limits';

const NOW = new Date('2026-03-02T09:00:00Z');
const facts = {
  id: 'ab12',
  env: 'prod',
  rule: 'AWS-AWSManagedRulesAdminProtectionRuleSet',
  path: '/admin',
  reason: 'admin 403s after deploy <!channel>',
  requestedBy: 'U0ALICE',
};
const preview: ExemptionPreviewView = {
  ...facts,
  webAclName: 'edu-web-acl',
  durationMs: 2 * 3_600_000,
  diff: ['~ AWS-AWSManagedRulesAdminProtectionRuleSet: skips requests to /admin or under it (exemption ab12)'],
  capacity: { before: 1107, after: 1154, limit: 5000 },
};
const textOf = (message: { blocks: KnownBlock[] }) => JSON.stringify(message.blocks);

describe('exemptionPreview', () => {
  it('says what, shows the change and the capacity, and that this is temporary drift from the infrastructure code', () => {
    // Act
    const message = exemptionPreview(preview);
    // Assess
    expectWithinSlackLimits(message);
    expect(message.text).toBe(
      'WAF exemption preview: /admin from AWS-AWSManagedRulesAdminProtectionRuleSet in prod for 2h',
    );
    const text = textOf(message);
    expect(text).toContain(
      '<@U0ALICE> asks to exempt `/admin` from *AWS-AWSManagedRulesAdminProtectionRuleSet* in *prod* for *2h*.',
    );
    expect(text).toContain(
      '```~ AWS-AWSManagedRulesAdminProtectionRuleSet: skips requests to /admin or under it (exemption ab12)```',
    );
    expect(text).toContain('*Capacity:* 1,107 → 1,154 WCU of 5,000');
    expect(text).toContain('owned by infrastructure code: this exemption is temporary drift');
    expect(text).toContain('*From*\\nanywhere');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('appends the buttons it is given, last', () => {
    const actions: KnownBlock = {
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Apply' }, action_id: 'waf_apply' }],
    };

    const message = exemptionPreview({ ...preview, cidrs: ['203.0.113.0/24'] }, actions);

    expect(message.blocks.at(-1)).toBe(actions);
    expect(textOf(message)).toContain('*From*\\n`203.0.113.0/24`');
  });

  it('cuts a long diff at a whole line and says how much is hidden', () => {
    const diff = Array.from(
      { length: 500 },
      (_, i) => `+ rule r${i} (priority ${i}): Block if path starts with "/${'x'.repeat(40)}"`,
    );

    const message = exemptionPreview({ ...preview, diff });

    expectWithinSlackLimits(message);
    expect(textOf(message)).toMatch(/…and \d+ more lines of the change, not shown\./);
  });

  it.each([
    [{ before: 4990, after: 5037, limit: 5000 }, 'WAF will refuse this change'],
    [{ before: 1480, after: 1527, limit: 5000 }, 'Goes above 1,500 WCU, which AWS bills extra'],
  ])('warns about capacity %j', (capacity, warning) => {
    expect(textOf(exemptionPreview({ ...preview, capacity }))).toContain(warning);
  });
});

describe('exemptionApplied', () => {
  it('confirms with the expiry and the reminder to make it permanent in the infrastructure code', () => {
    const message = exemptionApplied({
      ...facts,
      webAclName: 'edu-web-acl',
      expiresAt: new Date('2026-03-02T11:00:00Z'),
      approvedBy: 'U0BOB',
    });

    expectWithinSlackLimits(message);
    const text = textOf(message);
    expect(text).toContain('until <!date^1772449200^{date_short_pretty} {time}|2026-03-02 11:00 UTC>');
    expect(text).toContain('If it should stay, make it permanent in the infrastructure code.');
    expect(text).toContain('approved by <@U0BOB>');
    expect(text).toContain('`/waf-exempt revoke ab12`');
  });
});

describe('exemptionList', () => {
  const entry = (i: number): ExemptionListEntry => ({
    ...facts,
    id: `id${i}`,
    expiresAt: new Date(NOW.getTime() + 90 * 60_000),
  });

  it('lists each exemption with the time left', () => {
    const message = exemptionList(
      [entry(1), { ...entry(2), expiresAt: new Date(NOW.getTime() - 1000), cidrs: ['198.51.100.7/32'] }],
      NOW,
      'prod',
    );

    expectWithinSlackLimits(message);
    const text = textOf(message);
    expect(text).toContain(
      '`id1` *prod*: `/admin` skips *AWS-AWSManagedRulesAdminProtectionRuleSet*, 1h 30m left, by <@U0ALICE>',
    );
    expect(text).toContain('`/admin` from `198.51.100.7/32` skips');
    expect(text).toContain('expired, being reverted');
  });

  it('says when there are none', () => {
    expect(exemptionList([], NOW).blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: ':shield: No active waf exemptions.' } },
    ]);
  });

  it('stays within 50 blocks however many there are', () => {
    const message = exemptionList(
      Array.from({ length: 80 }, (_, i) => entry(i)),
      NOW,
    );

    expectWithinSlackLimits(message);
    expect(textOf(message)).toContain('…and 32 more.');
  });
});

describe('exemptionReverted', () => {
  it.each([
    [
      { why: 'expired' as const, removed: true },
      ['is protected by *AWS-AWSManagedRulesAdminProtectionRuleSet* in *prod* again', 'It expired.'],
    ],
    [{ why: 'revoked' as const, by: 'U0BOB', removed: true }, ['again', 'Revoked by <@U0BOB>.']],
    [{ why: 'expired' as const, removed: false }, ['Nothing of it was left in web ACL edu-web-acl']],
  ])('tells the channel %j', (how, phrases) => {
    const message = exemptionReverted({ ...facts, webAclName: 'edu-web-acl', ...how });

    expectWithinSlackLimits(message);
    for (const phrase of phrases) expect(textOf(message)).toContain(phrase);
  });
});
