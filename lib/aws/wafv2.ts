import {
  CheckCapacityCommand,
  DescribeManagedRuleGroupCommand,
  GetWebACLCommand,
  UpdateWebACLCommand,
  type Rule as SdkRule,
  type UpdateWebACLCommandInput,
  type WAFV2Client,
  type WebACL as SdkWebAcl,
} from '@aws-sdk/client-wafv2';
import { KnownFailure } from '../errors';
import type {
  AclChange,
  ManagedGroupDescription,
  ModifyOptions,
  ModifyOutcome,
  WebAcls,
} from '../../commands/waf/ports';
import type { Rule, WafScope, WebAcl, WebAclRef, WebAclUpdate } from '../../commands/waf/types';
import { sameValue } from '../../commands/waf/same-value';
import { unknownWebAclFields, updateWebAclInput } from '../../commands/waf/update-input';
import { wafIpSets } from './wafv2-ip-sets';
import {
  isWafError,
  realTiming,
  wafFailure,
  WafConcurrentEditError,
  withLockRetries,
  type RetryTiming,
} from './wafv2-errors';

export { realTiming, type RetryTiming } from './wafv2-errors';

// Enough for a human editor's save to land between two of ours; more only delays telling the user.
const DEFAULT_ATTEMPTS = 4;

/*
 * commands/waf/types.ts mirrors the SDK's WAF shapes member for member, but the SDK's interfaces have no index
 * signature and spell required members `T | undefined`, so neither side is assignable to the other. The three
 * casts below are the whole boundary; toWebAcl first checks the members the mirror promises.
 */
function toWebAcl(webAcl: SdkWebAcl | undefined, acl: WebAclRef): WebAcl {
  if (!webAcl?.Name || !webAcl.Id || !webAcl.DefaultAction || !webAcl.VisibilityConfig) {
    throw new Error(`GetWebACL returned an incomplete web ACL for ${acl.name}`);
  }
  return { ...webAcl, Rules: webAcl.Rules ?? [] } as unknown as WebAcl;
}

const toSdkInput = (input: WebAclUpdate) => input as unknown as UpdateWebACLCommandInput;
const toSdkRules = (rules: Rule[]) => rules as unknown as SdkRule[];

function refuseUnknownSettings(webAcl: WebAcl): void {
  const unknown = unknownWebAclFields(webAcl);
  if (unknown.length === 0) return;
  throw new KnownFailure(
    `Web ACL ${webAcl.Name} has settings this version of blueshift does not know (${unknown.join(', ')}); updating it would clear them.`,
    'Make this change in the infrastructure code for now, and update blueshift (lib/aws/wafv2.ts knows the settings it copies).',
  );
}

/** UpdateWebACL found neither the web ACL (read a moment ago) nor, most likely, an IP set a rule refers to. */
class ReferenceGoneError extends KnownFailure {
  override readonly name = 'ReferenceGoneError';
  constructor(acl: WebAclRef, cause: unknown) {
    super(
      `WAF could not find something the change to web ACL ${acl.name} refers to: the exemption's IP set, or the web ACL itself, was deleted meanwhile.`,
      'Try again; blueshift creates the IP set again. If it keeps failing, check the web ACL and its IP sets in the WAF console.',
      { cause },
    );
  }
}

const isRules = (result: unknown): result is Rule[] => Array.isArray(result);

async function getWebAcl(client: WAFV2Client, acl: WebAclRef): Promise<{ webAcl: WebAcl; lockToken: string }> {
  try {
    const out = await client.send(new GetWebACLCommand({ Name: acl.name, Scope: acl.scope, Id: acl.id }));
    if (!out.LockToken) throw new Error(`GetWebACL returned no lock token for ${acl.name}`);
    return { webAcl: toWebAcl(out.WebACL, acl), lockToken: out.LockToken };
  } catch (err) {
    throw wafFailure(err, { webAcl: acl });
  }
}

/** One GetWebACL → change → UpdateWebACL round; a lock conflict escapes to withLockRetries. */
async function round<R extends object>(
  client: WAFV2Client,
  acl: WebAclRef,
  change: AclChange<R>,
  attempt: number,
): Promise<ModifyOutcome<R>> {
  const { webAcl, lockToken } = await getWebAcl(client, acl);
  const result = change(webAcl);
  if (!isRules(result)) return { status: 'refused', refusal: result, attempts: attempt };
  if (sameValue(webAcl.Rules, result)) return { status: 'unchanged', before: webAcl, attempts: attempt };
  refuseUnknownSettings(webAcl);
  const out = await client
    .send(new UpdateWebACLCommand(toSdkInput(updateWebAclInput(webAcl, result, lockToken, acl.scope))))
    .catch((err: unknown) => {
      throw isWafError(err, 'WAFNonexistentItemException') ? new ReferenceGoneError(acl, err) : err;
    });
  return { status: 'updated', before: webAcl, rules: result, attempts: attempt, lockToken: out.NextLockToken };
}

async function describeGroup(
  client: WAFV2Client,
  vendor: string,
  name: string,
  scope: WafScope,
  version?: string,
): Promise<ManagedGroupDescription> {
  try {
    const out = await client.send(
      new DescribeManagedRuleGroupCommand({ VendorName: vendor, Name: name, Scope: scope, VersionName: version }),
    );
    return {
      ruleNames: (out.Rules ?? []).flatMap((rule) => (rule.Name ? [rule.Name] : [])),
      labelNamespace: out.LabelNamespace,
      labels: (out.AvailableLabels ?? []).flatMap((label) => (label.Name ? [label.Name] : [])),
      capacity: out.Capacity,
    };
  } catch (err) {
    throw wafFailure(err, { name: `managed rule group ${vendor}/${name}` });
  }
}

async function checkCapacity(client: WAFV2Client, scope: WafScope, rules: Rule[]): Promise<number> {
  try {
    const out = await client.send(new CheckCapacityCommand({ Scope: scope, Rules: toSdkRules(rules) }));
    if (out.Capacity === undefined) throw new Error('CheckCapacity returned no capacity');
    return out.Capacity;
  } catch (err) {
    throw wafFailure(err, { name: 'the web ACL rules' });
  }
}

/** WAFv2 behind the WebAcls port: web ACL reads, the lock-token update loop, capacity and IP sets. */
export function wafWebAcls(client: WAFV2Client, timing: RetryTiming = realTiming): WebAcls {
  return {
    get: (acl) => getWebAcl(client, acl),
    describeGroupRules: (vendor, name, scope, version) => describeGroup(client, vendor, name, scope, version),
    checkCapacity: (scope, rules) => checkCapacity(client, scope, rules),

    modify: async <R extends object>(acl: WebAclRef, change: AclChange<R>, options?: ModifyOptions) => {
      const attempts = options?.maxAttempts ?? DEFAULT_ATTEMPTS;
      const exhausted = (tries: number, cause: unknown) =>
        new WafConcurrentEditError(`Web ACL ${acl.name}`, tries, { cause });
      try {
        return await withLockRetries(attempts, timing, (attempt) => round(client, acl, change, attempt), exhausted);
      } catch (err) {
        throw wafFailure(err, { webAcl: acl });
      }
    },

    ...wafIpSets(client, timing),
  };
}
