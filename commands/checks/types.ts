/**
 * HTTP checks: requests the worker makes to an environment's public endpoint (through its load balancer and WAF)
 * to see that a deployment serves what it should. Configured per app and environment (`apps.<app>.checks.<env>`);
 * users never name a URL, so the bot fetches nothing but these.
 */
export interface HttpCheck {
  /** Shown in messages: `/admin`, or the configured name. */
  name: string;
  url: string;
  method: 'GET' | 'HEAD' | 'POST';
  /** Status codes that pass, e.g. [200] or [200, 302]. */
  expect: number[];
  /** A substring the body must contain (read up to the body cap). */
  contains?: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** What to do when a check fails or a watched alarm fires while blue is still warm. */
export type OnWatchFailure = 'rollback' | 'ask';

/** One app's checks in one environment. */
export interface CheckSet {
  http: HttpCheck[];
  /** How long to watch after Reroute while blue waits; 0: no watch. */
  watchMs: number;
  onFailure: OnWatchFailure;
}

/** One run of one check. */
export interface CheckResult {
  check: string;
  url: string;
  passed: boolean;
  /** The status received, when a response came. */
  status?: number;
  /** Time to the response (or to giving up). */
  ms: number;
  /** Why it failed, in a few words: `expected 200, got 403`, `timed out after 5 s`, `body lacks "Log in"`. */
  problem?: string;
  /** The first bytes of the body of a failed response, as text. */
  bodyStart?: string;
  at: Date;
}

/** Runs one check (lib/http implements it with Node's fetch). */
export interface HttpProbe {
  run(check: HttpCheck, signal?: AbortSignal): Promise<CheckResult>;
}

/** The WAF rule that blocked requests to a path, found in the web ACL's sampled requests. */
export interface WafBlame {
  /** The web ACL rule's name, e.g. AWS-AWSManagedRulesAdminProtectionRuleSet. */
  rule: string;
  /** The rule inside a managed rule group, e.g. AdminProtection_URIPATH. */
  ruleWithinGroup?: string;
  /** The labels the matching rule added, e.g. awswaf:managed:aws:admin-protection:AdminProtection_URIPath. */
  labels: string[];
  /** The path the blocked samples asked for. */
  path: string;
}

/** Reads the web ACL's sampled requests (lib/aws implements it with wafv2:GetSampledRequests). */
export interface WafSampler {
  /** The rule that blocked requests to `path` between `since` and `until`, if the samples show one. */
  blockedBy(
    webAcl: { name: string; id: string; scope: 'REGIONAL' | 'CLOUDFRONT' },
    path: string,
    since: Date,
    until: Date,
  ): Promise<WafBlame | undefined>;
}
