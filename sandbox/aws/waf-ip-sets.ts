import {
  WAFAssociatedItemException,
  WAFDuplicateItemException,
  WAFInvalidParameterException,
  WAFNonexistentItemException,
  WAFOptimisticLockException,
  type CreateIPSetCommandInput,
  type DeleteIPSetCommandInput,
  type GetIPSetCommandInput,
  type IPSet,
  type ListIPSetsCommandInput,
  type UpdateIPSetCommandInput,
} from '@aws-sdk/client-wafv2';
import { errorMeta, uuid } from './sdk-stub';
import { isCidr } from './waf-match';

/**
 * WAF IP sets: CRUD with lock tokens, as the `from <cidr>` exemptions use them
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_UpdateIPSet.html).
 */

export const NOT_FOUND = 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.';
export const STALE =
  'AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.';

interface Stored {
  set: IPSet;
  lockToken: string;
}

export class IpSets {
  private readonly sets = new Map<string, Stored>();

  constructor(
    private readonly origin: { account: string; region: string },
    private readonly inUse: (arn: string) => boolean,
  ) {}

  /** The addresses of the IP set with this ARN; undefined when there is none. */
  addresses(arn: string): string[] | undefined {
    return [...this.sets.values()].find((stored) => stored.set.ARN === arn)?.set.Addresses;
  }

  private find(input: { Name?: string; Id?: string; Scope?: string }): Stored {
    const stored = this.sets.get(input.Id ?? '');
    if (!stored || stored.set.Name !== input.Name || input.Scope !== 'REGIONAL')
      throw new WAFNonexistentItemException({ ...errorMeta, message: NOT_FOUND });
    return stored;
  }

  private checkAddresses(addresses: string[] | undefined, version: string | undefined): string[] {
    const bad = (addresses ?? []).find((cidr) => !isCidr(cidr) || cidr.includes(':') !== (version === 'IPV6'));
    if (bad !== undefined) {
      throw new WAFInvalidParameterException({
        ...errorMeta,
        Field: 'IP_ADDRESS',
        Parameter: bad,
        Reason: 'Invalid CIDR for the IP address version',
        message: `Error reason: Invalid CIDR, field: IP_ADDRESS, parameter: ${bad}`,
      });
    }
    return [...(addresses ?? [])];
  }

  create(input: CreateIPSetCommandInput) {
    if (input.Scope !== 'REGIONAL')
      throw new WAFNonexistentItemException({
        ...errorMeta,
        message: `${NOT_FOUND} (This account's WAF is REGIONAL.)`,
      });
    if ([...this.sets.values()].some((s) => s.set.Name === input.Name)) {
      throw new WAFDuplicateItemException({
        ...errorMeta,
        message:
          'AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.',
      });
    }
    const id = uuid();
    const set: IPSet = {
      Name: input.Name,
      Id: id,
      Description: input.Description,
      IPAddressVersion: input.IPAddressVersion,
      Addresses: this.checkAddresses(input.Addresses, input.IPAddressVersion),
      ARN: `arn:aws:wafv2:${this.origin.region}:${this.origin.account}:regional/ipset/${input.Name ?? ''}/${id}`,
    };
    const stored = { set, lockToken: uuid() };
    this.sets.set(id, stored);
    return { Summary: this.summary(stored) };
  }

  get(input: GetIPSetCommandInput) {
    const { set, lockToken } = this.find(input);
    return { IPSet: set, LockToken: lockToken };
  }

  update(input: UpdateIPSetCommandInput) {
    const stored = this.find(input);
    if (input.LockToken !== stored.lockToken) throw new WAFOptimisticLockException({ ...errorMeta, message: STALE });
    Object.assign(stored.set, {
      Addresses: this.checkAddresses(input.Addresses, stored.set.IPAddressVersion),
      Description: input.Description,
    });
    stored.lockToken = uuid();
    return { NextLockToken: stored.lockToken };
  }

  delete(input: DeleteIPSetCommandInput) {
    const stored = this.find(input);
    if (input.LockToken !== stored.lockToken) throw new WAFOptimisticLockException({ ...errorMeta, message: STALE });
    if (this.inUse(stored.set.ARN ?? '')) {
      throw new WAFAssociatedItemException({
        ...errorMeta,
        message:
          'AWS WAF couldn’t perform the operation because your resource is being used by another resource or it’s associated with another resource.',
      });
    }
    this.sets.delete(stored.set.Id ?? '');
    return {};
  }

  list(input: ListIPSetsCommandInput) {
    const all = input.Scope === 'REGIONAL' ? [...this.sets.values()] : [];
    const from = Number(input.NextMarker ?? 0) || 0;
    const limit = input.Limit ?? 100;
    const page = all.slice(from, from + limit);
    return {
      IPSets: page.map((stored) => this.summary(stored)),
      NextMarker: from + limit < all.length ? String(from + limit) : undefined,
    };
  }

  private summary({ set, lockToken }: Stored) {
    return { Name: set.Name, Id: set.Id, Description: set.Description, LockToken: lockToken, ARN: set.ARN };
  }
}
