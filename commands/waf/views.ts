/** What the /waf-exempt messages show; lib/slack/blocks/waf.ts renders them. */

export interface ExemptionFacts {
  id: string;
  env: string;
  /** As resolved: the group's web ACL rule name, or `Group/Rule`. */
  rule: string;
  path: string;
  cidrs?: string[];
  reason: string;
  requestedBy: string; // Slack user ID
}

export interface ExemptionPreviewView extends ExemptionFacts {
  webAclName: string;
  durationMs: number;
  /** describeChange lines. */
  diff: string[];
  /** WCUs from CheckCapacity; `limit` is the web ACL's maximum (5,000). */
  capacity: { before: number; after: number; limit: number };
}

export interface ExemptionAppliedView extends ExemptionFacts {
  webAclName: string;
  expiresAt: Date;
  approvedBy?: string;
}

export interface ExemptionListEntry extends ExemptionFacts {
  expiresAt: Date;
}

export interface ExemptionRevertedView extends ExemptionFacts {
  webAclName: string;
  why: 'expired' | 'revoked';
  /** Who revoked it (revoked only). */
  by?: string;
  /** False when nothing of it was left in the web ACL (someone had removed it). */
  removed: boolean;
}
