import {
  CheckCapacityCommand,
  CreateIPSetCommand,
  DeleteIPSetCommand,
  DescribeManagedRuleGroupCommand,
  GetIPSetCommand,
  GetSampledRequestsCommand,
  GetWebACLCommand,
  ListIPSetsCommand,
  UpdateIPSetCommand,
  UpdateWebACLCommand,
  WAFNonexistentItemException,
  WAFOptimisticLockException,
  WAFV2Client,
  type CheckCapacityCommandInput,
  type DescribeManagedRuleGroupCommandInput,
  type GetSampledRequestsCommandInput,
  type GetWebACLCommandInput,
  type UpdateWebACLCommandInput,
  type WebACL,
} from '@aws-sdk/client-wafv2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { answer, copy, errorMeta, refuseUnknownCommands, uuid } from './sdk-stub';
import { checkRules, rulesWcu } from './waf-capacity';
import { adminProtectionRule, initialWebAcl, managedGroup, type WebAclIdentity } from './waf-catalog';
import { inspectRequest, type RequestVerdict } from './waf-evaluate';
import { IpSets, NOT_FOUND, STALE } from './waf-ip-sets';
import { SampledRequests, type SeenRequest } from './waf-samples';

/** Where WAF's geolocation puts the sandbox's visitors: the account's Region (documentation addresses have none). */
export const VISITOR_COUNTRY = 'KR';

/**
 * UpdateWebACL replaces these with what the call carries; leaving one out clears it
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_UpdateWebACL.html).
 */
const MUTABLE = [
  'DefaultAction',
  'Description',
  'Rules',
  'VisibilityConfig',
  'DataProtectionConfig',
  'CustomResponseBodies',
  'CaptchaConfig',
  'ChallengeConfig',
  'TokenDomains',
  'AssociationConfig',
  'OnSourceDDoSProtectionConfig',
  'ApplicationConfig',
  'MonetizationConfig',
] as const;

/** `scope-down: blueshift exemption ab12` when blueshift's pieces are in it, else `scope-down`. */
function scopeDownNote(statement: object): string {
  const ids = [...JSON.stringify(statement).matchAll(/blueshift:exemption:([\w-]+)/g)].map((match) => match[1]);
  return ids.length ? `scope-down: blueshift exemption ${ids.join(', ')}` : 'scope-down';
}

/**
 * The account's WAFv2: one REGIONAL web ACL with optimistic locking, the managed rule groups, IP sets, and the
 * sampled requests of what it blocked.
 */
export class SimulatedWaf {
  private acl: WebACL;
  private lockToken = uuid();
  readonly ipSets: IpSets;
  private readonly samples: SampledRequests;

  constructor(identity: WebAclIdentity, now: () => Date = () => new Date()) {
    const acl = initialWebAcl(identity);
    this.acl = { ...acl, Capacity: rulesWcu(acl.Rules ?? []) };
    this.ipSets = new IpSets(identity, (arn) => JSON.stringify(this.acl.Rules ?? []).includes(`"${arn}"`));
    this.samples = new SampledRequests(now);
  }

  /**
   * The security team adds AdminProtection to the web ACL, as its template defines it: a rule of that name already
   * there (with a blueshift exemption, say) is replaced. Other rules and IP sets stay.
   */
  enableAdminProtection(): void {
    const rule = adminProtectionRule();
    const rules = [...(this.acl.Rules ?? []).filter((r) => r.Name !== rule.Name), rule];
    this.acl = { ...this.acl, Rules: rules, Capacity: rulesWcu(rules) };
    this.lockToken = uuid();
  }

  /** A request reaching the web ACL: its verdict, and a sample under the blocking rule's metric name. */
  inspect(request: SeenRequest): RequestVerdict {
    const { verdict, sample } = inspectRequest(
      this.acl,
      { uri: request.uri, sourceIp: request.clientIp, method: request.method },
      (arn) => this.ipSets.addresses(arn),
    );
    if (sample) this.samples.record(sample, request);
    return verdict;
  }

  /** The console's "Try a request": a GET from that address (no headers), sampled like any other when blocked. */
  tryRequest(path: string, sourceIp: string): RequestVerdict {
    return this.inspect({
      uri: path,
      method: 'GET',
      clientIp: sourceIp,
      country: VISITOR_COUNTRY,
      httpVersion: 'HTTP/1.1',
      headers: [],
    });
  }

  /** The metric names the web ACL keeps samples under: its rules' and its own. */
  private metricNames(): Set<string> {
    const configs = [...(this.acl.Rules ?? []).map((rule) => rule.VisibilityConfig), this.acl.VisibilityConfig];
    return new Set(configs.flatMap((config) => (config?.MetricName ? [config.MetricName] : [])));
  }

  sampledRequests(input: GetSampledRequestsCommandInput) {
    return this.samples.query(input, this.acl.ARN, this.metricNames());
  }

  /** `10 AWS-AWSManagedRulesAdminProtectionRuleSet`, in priority order, with what blueshift or overrides changed. */
  ruleSummaries(): string[] {
    return [...(this.acl.Rules ?? [])]
      .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0))
      .map((rule) => {
        const group = rule.Statement?.ManagedRuleGroupStatement;
        const notes = [
          ...(group?.RuleActionOverrides ?? []).map(
            (o) => `${o.Name ?? ''} → ${Object.keys(o.ActionToUse ?? {})[0] ?? '?'}`,
          ),
          ...(group?.ScopeDownStatement ? [scopeDownNote(group.ScopeDownStatement)] : []),
        ];
        return `${rule.Priority ?? 0} ${rule.Name ?? ''}${notes.length ? ` (${notes.join(', ')})` : ''}`;
      });
  }

  private check(input: { Name?: string; Id?: string; Scope?: string; ARN?: string }): void {
    const byArn = input.ARN !== undefined && input.ARN === this.acl.ARN;
    const byName = input.Name === this.acl.Name && input.Id === this.acl.Id && input.Scope === 'REGIONAL';
    if (!byArn && !byName) throw new WAFNonexistentItemException({ ...errorMeta, message: NOT_FOUND });
  }

  get(input: GetWebACLCommandInput) {
    this.check(input);
    return { WebACL: this.acl, LockToken: this.lockToken };
  }

  update(input: UpdateWebACLCommandInput) {
    this.check(input);
    if (input.LockToken !== this.lockToken) throw new WAFOptimisticLockException({ ...errorMeta, message: STALE });
    const rules = copy(input.Rules ?? []);
    checkRules(rules, { ipSet: (arn) => this.ipSets.addresses(arn) !== undefined });
    const mutable = new Set<string>(MUTABLE);
    const kept = Object.entries(this.acl).filter(([field]) => !mutable.has(field));
    const given = MUTABLE.flatMap((field) =>
      input[field] === undefined ? [] : [[field, copy(input[field])] as const],
    );
    this.acl = { ...(Object.fromEntries([...kept, ...given]) as WebACL), Rules: rules, Capacity: rulesWcu(rules) };
    this.lockToken = uuid();
    return { NextLockToken: this.lockToken };
  }

  describeGroup(input: DescribeManagedRuleGroupCommandInput) {
    const group = input.Scope === 'REGIONAL' ? managedGroup(input.VendorName, input.Name) : undefined;
    if (!group) throw new WAFNonexistentItemException({ ...errorMeta, message: NOT_FOUND });
    return {
      VersionName: input.VersionName ?? group.version,
      Capacity: group.capacity,
      LabelNamespace: group.labelNamespace,
      Rules: group.rules.map((rule) => ({ Name: rule.name, Action: { Block: {} } })),
      AvailableLabels: group.rules.map((rule) => ({ Name: rule.label })),
      ConsumedLabels: [],
    };
  }

  checkCapacity(input: CheckCapacityCommandInput) {
    const rules = input.Rules ?? [];
    // References are checked when the rules are saved, not when they are costed.
    checkRules(rules, { ipSet: () => true });
    return { Capacity: rulesWcu(rules) };
  }

  install(): AwsClientStub<WAFV2Client> {
    const waf = refuseUnknownCommands(mockClient(WAFV2Client), 'WAFv2');
    waf.on(GetWebACLCommand).callsFake(answer((input: GetWebACLCommandInput) => this.get(input)));
    waf.on(UpdateWebACLCommand).callsFake(answer((input: UpdateWebACLCommandInput) => this.update(input)));
    waf
      .on(DescribeManagedRuleGroupCommand)
      .callsFake(answer((input: DescribeManagedRuleGroupCommandInput) => this.describeGroup(input)));
    waf.on(CheckCapacityCommand).callsFake(answer((input: CheckCapacityCommandInput) => this.checkCapacity(input)));
    waf
      .on(GetSampledRequestsCommand)
      .callsFake(answer((input: GetSampledRequestsCommandInput) => this.sampledRequests(input)));
    waf.on(CreateIPSetCommand).callsFake(answer((input: Parameters<IpSets['create']>[0]) => this.ipSets.create(input)));
    waf.on(GetIPSetCommand).callsFake(answer((input: Parameters<IpSets['get']>[0]) => this.ipSets.get(input)));
    waf.on(UpdateIPSetCommand).callsFake(answer((input: Parameters<IpSets['update']>[0]) => this.ipSets.update(input)));
    waf.on(DeleteIPSetCommand).callsFake(answer((input: Parameters<IpSets['delete']>[0]) => this.ipSets.delete(input)));
    waf.on(ListIPSetsCommand).callsFake(answer((input: Parameters<IpSets['list']>[0]) => this.ipSets.list(input)));
    return waf;
  }
}
