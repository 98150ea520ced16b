import {
  CheckCapacityCommand,
  DescribeManagedRuleGroupCommand,
  GetWebACLCommand,
  UpdateWebACLCommand,
  WAFInvalidParameterException,
  WAFLimitsExceededException,
  WAFNonexistentItemException,
  WAFOptimisticLockException,
  WAFV2Client,
  type WebACL,
} from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { applyExemption, revertExemption } from '../../../commands/waf/exemption-rules';
import type { ExemptionSpec } from '../../../commands/waf/exemption';
import type { WebAcl } from '../../../commands/waf/types';
import { KnownFailure } from '../../../lib/errors';
import { wafWebAcls } from '../../../lib/aws/wafv2';
import { lockBackoffMs } from '../../../lib/aws/wafv2-errors';
import {
  ADMIN_PROTECTION_LABEL,
  BAD_BOT_BYTES,
  EDU_WEB_ACL,
  adminRule,
  concurrentEdit,
  eduWebAcl,
} from '../../fakes/web-acls';

const waf = mockClient(WAFV2Client);
let sleeps: number[] = [];
const acls = wafWebAcls(new WAFV2Client({ region: 'ap-northeast-2' }), {
  sleep: (ms) => {
    sleeps.push(ms);
    return Promise.resolve();
  },
  random: () => 0.5,
});

const TOKENS = [
  '0b7e4a2c-0000-4000-8000-000000000001',
  '0b7e4a2c-0000-4000-8000-000000000002',
  '0b7e4a2c-0000-4000-8000-000000000003',
] as const;
const exemption: ExemptionSpec = { id: 'ab12', path: '/admin', target: adminRule, ruleLabel: ADMIN_PROTECTION_LABEL };
const exempt = (acl: WebAcl) => applyExemption(acl, exemption);
const asSdk = (acl: WebAcl) => acl as unknown as WebACL;
const lockConflict = () =>
  new WAFOptimisticLockException({
    message:
      'AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.',
    $metadata: { httpStatusCode: 400 },
  });
type UpdateInput = Record<string, unknown> & { Rules: { Name: string }[]; LockToken: string };
const updateInput = (n: number) => waf.commandCalls(UpdateWebACLCommand)[n]?.args[0].input as unknown as UpdateInput;

beforeEach(() => {
  waf.reset();
  sleeps = [];
});

describe('modify', () => {
  it('on a lock conflict re-reads the web ACL and re-applies the change to it, keeping the other editor’s rule', async () => {
    // Prepare: between our read and our write, someone adds block-scanners and renumbers.
    const theirs = eduWebAcl(concurrentEdit(eduWebAcl().Rules));
    waf
      .on(GetWebACLCommand)
      .resolvesOnce({ WebACL: asSdk(eduWebAcl()), LockToken: TOKENS[0] })
      .resolvesOnce({ WebACL: asSdk(theirs), LockToken: TOKENS[1] });
    waf.on(UpdateWebACLCommand).rejectsOnce(lockConflict()).resolvesOnce({ NextLockToken: TOKENS[2] });
    // Act
    const outcome = await acls.modify(EDU_WEB_ACL, exempt);
    // Assess
    expect(outcome).toMatchObject({ status: 'updated', attempts: 2, lockToken: TOKENS[2] });
    expect(waf).toHaveReceivedCommandTimes(UpdateWebACLCommand, 2);
    expect(updateInput(0).LockToken).toBe(TOKENS[0]);
    expect(updateInput(1).LockToken).toBe(TOKENS[1]);
    expect(updateInput(1).Rules.map((r) => r.Name)).toEqual(
      expect.arrayContaining(['block-scanners', 'blueshift-exempt-ab12']),
    );
    expect(updateInput(1).Rules).toStrictEqual(exempt(theirs));
    expect(sleeps).toEqual([lockBackoffMs(1, () => 0.5)]);
  });

  it('gives up after 4 conflicts in a row with a KnownFailure saying what to do', async () => {
    waf.on(GetWebACLCommand).callsFake(() => ({ WebACL: asSdk(eduWebAcl()), LockToken: TOKENS[0] }));
    waf.on(UpdateWebACLCommand).rejects(lockConflict());

    const failure = acls.modify(EDU_WEB_ACL, exempt);

    await expect(failure).rejects.toThrow(KnownFailure);
    await expect(failure).rejects.toMatchObject({
      name: 'WafConcurrentEditError',
      message: expect.stringContaining('another edit won 4 times in a row') as unknown,
      next: expect.stringMatching(/^Try again in a minute/) as unknown,
    });
    expect(waf).toHaveReceivedCommandTimes(GetWebACLCommand, 4);
    expect(waf).toHaveReceivedCommandTimes(UpdateWebACLCommand, 4);
    expect(sleeps).toHaveLength(3);
    expect(sleeps.every((ms) => ms >= 0 && ms <= 2000)).toBe(true);
  });

  it('sends the whole web ACL back: every mutable setting and the SearchString bytes, no read-only field', async () => {
    waf.on(GetWebACLCommand).resolves({ WebACL: asSdk(eduWebAcl()), LockToken: TOKENS[0] });
    waf.on(UpdateWebACLCommand).resolves({ NextLockToken: TOKENS[1] });

    await acls.modify(EDU_WEB_ACL, exempt);

    const input = updateInput(0);
    expect(Object.keys(input).sort()).toEqual([
      'AssociationConfig',
      'CaptchaConfig',
      'ChallengeConfig',
      'CustomResponseBodies',
      'DataProtectionConfig',
      'DefaultAction',
      'Description',
      'Id',
      'LockToken',
      'Name',
      'Rules',
      'Scope',
      'TokenDomains',
      'VisibilityConfig',
    ]);
    expect(input).toMatchObject({
      Name: 'edu-web-acl',
      Id: EDU_WEB_ACL.id,
      Scope: 'REGIONAL',
      CustomResponseBodies: eduWebAcl().CustomResponseBodies,
    });
    const rules = input.Rules as unknown as WebAcl['Rules'];
    expect(rules[0]?.Statement.ByteMatchStatement?.SearchString).toStrictEqual(BAD_BOT_BYTES);
  });

  it('writes nothing when the change leaves the rules as they are (reverting twice)', async () => {
    waf.on(GetWebACLCommand).resolves({ WebACL: asSdk(eduWebAcl()), LockToken: TOKENS[0] });

    const outcome = await acls.modify(EDU_WEB_ACL, (acl) => revertExemption(acl, exemption));

    expect(outcome).toMatchObject({ status: 'unchanged', attempts: 1 });
    expect(waf).not.toHaveReceivedCommand(UpdateWebACLCommand);
  });

  it('returns the refusal of a change made on the fresh web ACL, writing nothing', async () => {
    waf.on(GetWebACLCommand).resolves({ WebACL: asSdk(eduWebAcl([])), LockToken: TOKENS[0] });

    const outcome = await acls.modify(EDU_WEB_ACL, exempt);

    expect(outcome).toMatchObject({ status: 'refused', refusal: { refused: 'group-not-in-web-acl' } });
    expect(waf).not.toHaveReceivedCommand(UpdateWebACLCommand);
  });

  it('refuses to update a web ACL with settings it does not know, which the update would clear', async () => {
    waf
      .on(GetWebACLCommand)
      .resolves({ WebACL: { ...asSdk(eduWebAcl()), BotShieldConfig: { Mode: 'ON' } } as WebACL, LockToken: TOKENS[0] });

    await expect(acls.modify(EDU_WEB_ACL, exempt)).rejects.toThrow(
      /settings this version of blueshift does not know \(BotShieldConfig\)/,
    );
    expect(waf).not.toHaveReceivedCommand(UpdateWebACLCommand);
  });
});

describe('WAF errors in plain words', () => {
  const metadata = { $metadata: { httpStatusCode: 400 } };

  it('names the configured web ACL when WAF does not know it', async () => {
    waf.on(GetWebACLCommand).rejects(
      new WAFNonexistentItemException({
        message: 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.',
        ...metadata,
      }),
    );

    await expect(acls.get(EDU_WEB_ACL)).rejects.toMatchObject({
      name: 'WebAclNotFoundError',
      message: `WAF has no REGIONAL web ACL named edu-web-acl with id ${EDU_WEB_ACL.id} in this account and region.`,
      next: expect.stringContaining('environments.<env>.waf.webAcl') as unknown,
    });
  });

  it.each([
    [
      'WAFLimitsExceededException',
      new WAFLimitsExceededException({ message: 'limit', ...metadata }),
      /go over a WAF limit/,
    ],
    [
      'WAFInvalidParameterException',
      new WAFInvalidParameterException({ message: 'bad', Field: 'RULE', Reason: 'duplicate priority', ...metadata }),
      /as invalid \(RULE, duplicate priority\): bad/,
    ],
    [
      'WAFNonexistentItemException',
      new WAFNonexistentItemException({ message: 'gone', ...metadata }),
      /the exemption's IP set, or the web ACL itself, was deleted/,
    ],
  ])('explains %s from UpdateWebACL', async (_, error, message) => {
    waf.on(GetWebACLCommand).resolves({ WebACL: asSdk(eduWebAcl()), LockToken: TOKENS[0] });
    waf.on(UpdateWebACLCommand).rejects(error);

    const failure = acls.modify(EDU_WEB_ACL, exempt);

    await expect(failure).rejects.toThrow(KnownFailure);
    await expect(failure).rejects.toThrow(message);
  });
});

describe('describeGroupRules and checkCapacity', () => {
  it('reads rule names and labels with DescribeManagedRuleGroup', async () => {
    waf.on(DescribeManagedRuleGroupCommand).resolves({
      VersionName: 'Version_1.0',
      Capacity: 100,
      LabelNamespace: 'awswaf:managed:aws:admin-protection:',
      Rules: [{ Name: 'AdminProtection_URIPATH', Action: { Block: {} } }],
      AvailableLabels: [{ Name: ADMIN_PROTECTION_LABEL }],
    });

    const group = await acls.describeGroupRules('AWS', 'AWSManagedRulesAdminProtectionRuleSet', 'REGIONAL');

    expect(group).toEqual({
      ruleNames: ['AdminProtection_URIPATH'],
      labelNamespace: 'awswaf:managed:aws:admin-protection:',
      labels: [ADMIN_PROTECTION_LABEL],
      capacity: 100,
    });
    expect(waf).toHaveReceivedCommandWith(DescribeManagedRuleGroupCommand, {
      VendorName: 'AWS',
      Name: 'AWSManagedRulesAdminProtectionRuleSet',
      Scope: 'REGIONAL',
    });
  });

  it('asks CheckCapacity for the rules as they would be', async () => {
    waf.on(CheckCapacityCommand).resolves({ Capacity: 1154 });
    const rules = exempt(eduWebAcl());
    if (!Array.isArray(rules)) throw new Error(rules.message);

    expect(await acls.checkCapacity('REGIONAL', rules)).toBe(1154);
    expect(waf).toHaveReceivedCommandWith(CheckCapacityCommand, { Scope: 'REGIONAL', Rules: rules });
  });
});
