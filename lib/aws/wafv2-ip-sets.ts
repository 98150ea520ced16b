import {
  CreateIPSetCommand,
  DeleteIPSetCommand,
  GetIPSetCommand,
  ListIPSetsCommand,
  UpdateIPSetCommand,
  type IPSetSummary,
  type WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { KnownFailure } from '../errors';
import type { IpSetRef } from '../../commands/waf/ports';
import type { WafScope } from '../../commands/waf/types';
import { isWafError, wafFailure, WafConcurrentEditError, withLockRetries, type RetryTiming } from './wafv2-errors';

/**
 * The IP sets behind `from <cidr>` exemptions: WAF has no inline CIDR match, so each such exemption gets its own
 * set, created before the web ACL refers to it and deleted after the web ACL stops referring to it.
 */

const ATTEMPTS = 4;
// EntityDescription allows letters, digits, spaces and `+=:#@/-,.` only.
const DESCRIPTION = 'Addresses of a temporary blueshift WAF exemption, deleted when it ends';

function ipVersion(cidrs: string[]): 'IPV4' | 'IPV6' {
  const v6 = cidrs.filter((cidr) => cidr.includes(':')).length;
  if (cidrs.length === 0)
    throw new KnownFailure(
      'An exemption from addresses needs at least one CIDR.',
      'Give one, like `from 203.0.113.0/24`.',
    );
  if (v6 > 0 && v6 < cidrs.length) {
    throw new KnownFailure(
      'One WAF IP set holds either IPv4 or IPv6 addresses, not both.',
      'Exempt the IPv4 and the IPv6 addresses in two separate exemptions.',
    );
  }
  return v6 ? 'IPV6' : 'IPV4';
}

function toRef(summary: { Name?: string; Id?: string; ARN?: string } | undefined, name: string): IpSetRef {
  if (!summary?.Id || !summary.ARN) throw new Error(`WAF returned no id or ARN for IP set ${name}`);
  return { name: summary.Name ?? name, id: summary.Id, arn: summary.ARN };
}

async function findIpSet(client: WAFV2Client, name: string, scope: WafScope): Promise<IPSetSummary | undefined> {
  let marker: string | undefined;
  do {
    const page = await client.send(new ListIPSetsCommand({ Scope: scope, Limit: 100, NextMarker: marker }));
    const found = page.IPSets?.find((set) => set.Name === name);
    if (found) return found;
    marker = page.IPSets?.length ? page.NextMarker : undefined;
  } while (marker);
  return undefined;
}

/** Sets the addresses of an IP set that exists already (a retried job created it), read-modify-write. */
async function setAddresses(
  client: WAFV2Client,
  timing: RetryTiming,
  name: string,
  scope: WafScope,
  cidrs: string[],
): Promise<IpSetRef> {
  const ref = toRef(await findIpSet(client, name, scope), name);
  const version = ipVersion(cidrs);
  const exhausted = (attempts: number, cause: unknown) =>
    new WafConcurrentEditError(`IP set ${name}`, attempts, { cause });
  await withLockRetries(
    ATTEMPTS,
    timing,
    async () => {
      const { IPSet: set, LockToken } = await client.send(
        new GetIPSetCommand({ Name: name, Scope: scope, Id: ref.id }),
      );
      if (set?.IPAddressVersion && set.IPAddressVersion !== version) {
        throw new KnownFailure(
          `IP set ${name} holds ${set.IPAddressVersion} addresses, not ${version}.`,
          'Revoke the exemption and make it again.',
        );
      }
      await client.send(
        new UpdateIPSetCommand({
          Name: name,
          Scope: scope,
          Id: ref.id,
          Addresses: cidrs,
          Description: set?.Description,
          LockToken,
        }),
      );
    },
    exhausted,
  );
  return ref;
}

export function wafIpSets(client: WAFV2Client, timing: RetryTiming) {
  return {
    ensureIpSet: async (name: string, scope: WafScope, cidrs: string[]): Promise<IpSetRef> => {
      const version = ipVersion(cidrs);
      try {
        const created = await client.send(
          new CreateIPSetCommand({
            Name: name,
            Scope: scope,
            IPAddressVersion: version,
            Addresses: cidrs,
            Description: DESCRIPTION,
          }),
        );
        return toRef(created.Summary, name);
      } catch (err) {
        if (!isWafError(err, 'WAFDuplicateItemException')) throw wafFailure(err, { name: `IP set ${name}` });
      }
      try {
        return await setAddresses(client, timing, name, scope, cidrs);
      } catch (err) {
        throw wafFailure(err, { name: `IP set ${name}` });
      }
    },

    deleteIpSet: async (name: string, scope: WafScope): Promise<boolean> => {
      const exhausted = (attempts: number, cause: unknown) =>
        new WafConcurrentEditError(`IP set ${name}`, attempts, { cause });
      try {
        return await withLockRetries(
          ATTEMPTS,
          timing,
          async () => {
            const summary = await findIpSet(client, name, scope);
            if (!summary?.Id) return false;
            await client.send(
              new DeleteIPSetCommand({ Name: name, Scope: scope, Id: summary.Id, LockToken: summary.LockToken }),
            );
            return true;
          },
          exhausted,
        );
      } catch (err) {
        if (isWafError(err, 'WAFNonexistentItemException')) return false;
        if (isWafError(err, 'WAFAssociatedItemException')) {
          throw new KnownFailure(
            `IP set ${name} is still used by a web ACL rule, so WAF keeps it.`,
            'Revert the exemption in the web ACL first, then delete the IP set.',
            { cause: err },
          );
        }
        throw wafFailure(err, { name: `IP set ${name}` });
      }
    },
  };
}
