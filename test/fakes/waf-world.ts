import { randomUUID } from 'node:crypto';
import {
  CheckCapacityCommand,
  CreateIPSetCommand,
  DeleteIPSetCommand,
  DescribeManagedRuleGroupCommand,
  GetIPSetCommand,
  GetWebACLCommand,
  ListIPSetsCommand,
  UpdateIPSetCommand,
  UpdateWebACLCommand,
  WAFDuplicateItemException,
  WAFOptimisticLockException,
  WAFV2Client,
  type WebACL,
} from '@aws-sdk/client-wafv2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { Rule, WebAcl } from '../../commands/waf/types';
import { eduWebAcl, MANAGED_GROUPS } from './web-acls';

const meta = { $metadata: {} };

/**
 * A stateful WAFv2 at the SDK client: one web ACL whose LockToken changes on every write (a stale token gets
 * WAFOptimisticLockException, as in the real service), managed group descriptions, capacity, and IP sets.
 */
export class WafWorld {
  readonly mock: AwsClientStub<WAFV2Client> = mockClient(WAFV2Client);
  webAcl: WebAcl = eduWebAcl();
  lockToken = randomUUID();
  readonly ipSets = new Map<string, { id: string; addresses: string[]; lockToken: string }>();
  /** Runs once, just before the next UpdateWebACL is checked: another editor's change that wins the race. */
  private interloper: ((rules: Rule[]) => Rule[]) | undefined;

  constructor() {
    const m = this.mock;
    m.on(GetWebACLCommand).callsFake(() => ({
      WebACL: structuredClone(this.webAcl) as unknown as WebACL,
      LockToken: this.lockToken,
    }));
    // async: the real client rejects its promise, it never throws synchronously.
    m.on(UpdateWebACLCommand).callsFake(async (input: { LockToken: string; Rules?: Rule[] }) =>
      Promise.resolve().then(() => this.update(input)),
    );
    m.on(DescribeManagedRuleGroupCommand).callsFake((input: { Name: string }) => {
      const group = MANAGED_GROUPS[input.Name];
      return {
        Rules: group?.ruleNames.map((Name) => ({ Name })),
        LabelNamespace: group?.labelNamespace,
        AvailableLabels: group?.labels.map((Name) => ({ Name })),
        Capacity: group?.capacity,
      };
    });
    m.on(CheckCapacityCommand).callsFake((input: { Rules?: Rule[] }) => ({
      Capacity: (input.Rules ?? []).reduce(
        (sum, rule) => sum + (rule.Statement.ManagedRuleGroupStatement ? 100 : 12),
        0,
      ),
    }));
    m.on(CreateIPSetCommand).callsFake((input: { Name: string; Addresses: string[] }) => {
      if (this.ipSets.has(input.Name))
        throw new WAFDuplicateItemException({
          ...meta,
          message:
            'AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.',
        });
      const set = { id: randomUUID(), addresses: input.Addresses, lockToken: randomUUID() };
      this.ipSets.set(input.Name, set);
      return {
        Summary: { Name: input.Name, Id: set.id, LockToken: set.lockToken, ARN: this.ipSetArn(input.Name, set.id) },
      };
    });
    m.on(ListIPSetsCommand).callsFake(() => ({
      IPSets: [...this.ipSets].map(([Name, s]) => ({
        Name,
        Id: s.id,
        LockToken: s.lockToken,
        ARN: this.ipSetArn(Name, s.id),
      })),
    }));
    m.on(GetIPSetCommand).callsFake((input: { Name: string }) => {
      const set = this.ipSets.get(input.Name);
      return (
        set && {
          IPSet: {
            Name: input.Name,
            Id: set.id,
            ARN: this.ipSetArn(input.Name, set.id),
            Addresses: set.addresses,
            IPAddressVersion: 'IPV4',
          },
          LockToken: set.lockToken,
        }
      );
    });
    m.on(UpdateIPSetCommand).callsFake((input: { Name: string; Addresses: string[] }) => {
      const set = this.ipSets.get(input.Name);
      if (set) set.addresses = input.Addresses;
      return { NextLockToken: randomUUID() };
    });
    m.on(DeleteIPSetCommand).callsFake((input: { Name: string }) => (this.ipSets.delete(input.Name), {}));
  }

  private ipSetArn(name: string, id: string): string {
    return `arn:aws:wafv2:ap-northeast-2:111111111111:regional/ipset/${name}/${id}`;
  }

  private update(input: { LockToken: string; Rules?: Rule[] }) {
    if (this.interloper) {
      this.webAcl = { ...this.webAcl, Rules: this.interloper(this.webAcl.Rules) };
      this.lockToken = randomUUID();
      this.interloper = undefined;
    }
    if (input.LockToken !== this.lockToken) {
      throw new WAFOptimisticLockException({
        ...meta,
        message:
          'AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.',
      });
    }
    this.webAcl = { ...this.webAcl, Rules: input.Rules ?? [] };
    this.lockToken = randomUUID();
    return { NextLockToken: this.lockToken };
  }

  /** Another editor changes the web ACL between blueshift's read and its write. */
  raceNextUpdate(change: (rules: Rule[]) => Rule[]): void {
    this.interloper = change;
  }

  ruleNames(): string[] {
    return this.webAcl.Rules.map((rule) => rule.Name);
  }
}
