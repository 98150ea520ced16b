import {
  CreateIPSetCommand,
  DeleteIPSetCommand,
  GetIPSetCommand,
  ListIPSetsCommand,
  UpdateIPSetCommand,
  WAFAssociatedItemException,
  WAFDuplicateItemException,
  WAFNonexistentItemException,
  WAFOptimisticLockException,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { exemptionIpSetName } from '../../../commands/waf/exemption';
import { KnownFailure } from '../../../lib/errors';
import { wafWebAcls } from '../../../lib/aws/wafv2';
import { OFFICE_IP_SET_ARN } from '../../fakes/web-acls';

const waf = mockClient(WAFV2Client);
const acls = wafWebAcls(new WAFV2Client({ region: 'ap-northeast-2' }), {
  sleep: () => Promise.resolve(),
  random: () => 0,
});

const NAME = exemptionIpSetName('ab12');
const ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const TOKENS = ['1c9d5e3f-0000-4000-8000-000000000001', '1c9d5e3f-0000-4000-8000-000000000002'] as const;
const metadata = { $metadata: { httpStatusCode: 400 } };
const summary = (lockToken: string) => ({ Name: NAME, Id: ID, ARN: OFFICE_IP_SET_ARN, LockToken: lockToken });
const other = {
  Name: 'office-ips',
  Id: '99999999-bbbb-cccc-dddd-eeeeeeeeeeee',
  ARN: 'arn:aws:wafv2:ap-northeast-2:111111111111:regional/ipset/office-ips/x',
  LockToken: TOKENS[0],
};

/** The input of the n-th (from 0) call of one command; the mock's Nth matchers count all commands. */
const inputOf = (command: Parameters<typeof waf.commandCalls>[0], n: number): unknown =>
  waf.commandCalls(command)[n]?.args[0].input;

beforeEach(() => {
  waf.reset();
});

describe('ensureIpSet', () => {
  it('creates the exemption’s IP set with its addresses', async () => {
    waf.on(CreateIPSetCommand).resolves({ Summary: summary(TOKENS[0]) });

    const ref = await acls.ensureIpSet(NAME, 'REGIONAL', ['203.0.113.0/24', '198.51.100.7/32']);

    expect(ref).toEqual({ name: NAME, id: ID, arn: OFFICE_IP_SET_ARN });
    expect(waf).toHaveReceivedCommandWith(CreateIPSetCommand, {
      Name: NAME,
      Scope: 'REGIONAL',
      IPAddressVersion: 'IPV4',
      Addresses: ['203.0.113.0/24', '198.51.100.7/32'],
    });
  });

  it('sets the addresses of the IP set a retried job already created, re-reading after a lock conflict', async () => {
    // Prepare
    waf.on(CreateIPSetCommand).rejects(new WAFDuplicateItemException({ message: 'exists', ...metadata }));
    waf
      .on(ListIPSetsCommand)
      .resolvesOnce({ IPSets: [other], NextMarker: 'page-2' })
      .resolvesOnce({ IPSets: [summary(TOKENS[0])] });
    waf
      .on(GetIPSetCommand)
      .resolvesOnce({
        IPSet: { Name: NAME, Id: ID, ARN: OFFICE_IP_SET_ARN, IPAddressVersion: 'IPV4', Addresses: [] },
        LockToken: TOKENS[0],
      })
      .resolvesOnce({
        IPSet: { Name: NAME, Id: ID, ARN: OFFICE_IP_SET_ARN, IPAddressVersion: 'IPV4', Addresses: [] },
        LockToken: TOKENS[1],
      });
    waf
      .on(UpdateIPSetCommand)
      .rejectsOnce(new WAFOptimisticLockException({ message: 'changed', ...metadata }))
      .resolvesOnce({ NextLockToken: TOKENS[0] });
    // Act
    const ref = await acls.ensureIpSet(NAME, 'REGIONAL', ['203.0.113.0/24']);
    // Assess
    expect(ref.arn).toBe(OFFICE_IP_SET_ARN);
    expect(inputOf(ListIPSetsCommand, 1)).toMatchObject({ Scope: 'REGIONAL', NextMarker: 'page-2' });
    expect(inputOf(UpdateIPSetCommand, 1)).toMatchObject({
      Id: ID,
      Addresses: ['203.0.113.0/24'],
      LockToken: TOKENS[1],
    });
  });

  it('refuses IPv4 and IPv6 addresses in one set before calling WAF', async () => {
    await expect(acls.ensureIpSet(NAME, 'REGIONAL', ['203.0.113.0/24', '2001:db8::/32'])).rejects.toThrow(KnownFailure);
    expect(waf).not.toHaveReceivedCommand(CreateIPSetCommand);
  });

  it('marks an IPv6 set as such', async () => {
    waf.on(CreateIPSetCommand).resolves({ Summary: summary(TOKENS[0]) });

    await acls.ensureIpSet(NAME, 'CLOUDFRONT', ['2001:db8::/32']);

    expect(waf).toHaveReceivedCommandWith(CreateIPSetCommand, { IPAddressVersion: 'IPV6', Scope: 'CLOUDFRONT' });
  });
});

describe('deleteIpSet', () => {
  it('deletes the set with its lock token', async () => {
    waf.on(ListIPSetsCommand).resolves({ IPSets: [other, summary(TOKENS[0])] });
    waf.on(DeleteIPSetCommand).resolves({});

    expect(await acls.deleteIpSet(NAME, 'REGIONAL')).toBe(true);
    expect(waf).toHaveReceivedCommandWith(DeleteIPSetCommand, {
      Name: NAME,
      Scope: 'REGIONAL',
      Id: ID,
      LockToken: TOKENS[0],
    });
  });

  it('re-reads the lock token after a conflict', async () => {
    waf
      .on(ListIPSetsCommand)
      .resolvesOnce({ IPSets: [summary(TOKENS[0])] })
      .resolvesOnce({ IPSets: [summary(TOKENS[1])] });
    waf
      .on(DeleteIPSetCommand)
      .rejectsOnce(new WAFOptimisticLockException({ message: 'changed', ...metadata }))
      .resolves({});

    expect(await acls.deleteIpSet(NAME, 'REGIONAL')).toBe(true);
    expect(inputOf(DeleteIPSetCommand, 1)).toMatchObject({ LockToken: TOKENS[1] });
  });

  it.each([
    ['is not listed', () => waf.on(ListIPSetsCommand).resolves({ IPSets: [other] })],
    [
      'disappears meanwhile',
      () => {
        waf.on(ListIPSetsCommand).resolves({ IPSets: [summary(TOKENS[0])] });
        waf.on(DeleteIPSetCommand).rejects(new WAFNonexistentItemException({ message: 'gone', ...metadata }));
      },
    ],
  ])('says there was nothing to delete when the set %s (reverting twice)', async (_, prepare) => {
    prepare();

    expect(await acls.deleteIpSet(NAME, 'REGIONAL')).toBe(false);
  });

  it('says to revert the web ACL first while a rule still uses the set', async () => {
    waf.on(ListIPSetsCommand).resolves({ IPSets: [summary(TOKENS[0])] });
    waf.on(DeleteIPSetCommand).rejects(new WAFAssociatedItemException({ message: 'in use', ...metadata }));

    await expect(acls.deleteIpSet(NAME, 'REGIONAL')).rejects.toMatchObject({
      next: expect.stringMatching(/^Revert the exemption/) as unknown,
    });
  });
});
