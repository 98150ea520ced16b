import { applyExemption } from '../../commands/waf/exemption-rules';
import { exemptionIpSetName } from '../../commands/waf/exemption';
import type { Exemption } from '../../commands/ports';
import { typedCommand } from '../../commands/spec';
import type { WebAcls } from '../../commands/waf/ports';
import type { ExemptArgs } from '../../commands/specs/waf-exempt';
import type { ExemptionAppliedView } from '../../commands/waf/views';
import { exemptionApplied } from '../../lib/slack/blocks/waf';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import type { Execution, Outcome } from '../jobs/outcome';
import { reply } from '../jobs/outcome';
import { once } from '../jobs/once';
import type { PreparedExemption } from './prepare';

/**
 * Applies a confirmed (and, where needed, approved) exemption. The record is saved before the web ACL changes:
 * an exemption the WAF has but the table forgot would never be reverted, while a record without an exemption
 * is harmless (reverting it is a no-op).
 */
export async function applyPrepared(
  prepared: PreparedExemption,
  args: ExemptArgs,
  waf: WebAcls,
  roleSession: string,
  { job, config, deps, grant }: Execution,
): Promise<Outcome> {
  const { acl, spec } = prepared;
  // A retried job finds the record its first attempt saved: the exemption lasts what was approved from then, not
  // from the retry (which would stretch it, even past the environment's limit).
  const earlier = await deps.store.exemptions.get(spec.id);
  const now = earlier?.createdAt ?? deps.now();
  const record: Exemption = {
    id: spec.id,
    env: args.env,
    rule: prepared.shown,
    path: spec.path,
    ...(args.cidr ? { cidr: args.cidr } : {}),
    requestedBy: job.actor.id,
    reason: args.reason ?? '',
    createdAt: now,
    expiresAt: earlier?.expiresAt ?? new Date(now.getTime() + prepared.durationMs),
    target: JSON.stringify(spec.target),
    ...(grant?.approvedBy ? { approvedBy: grant.approvedBy } : {}),
  };
  await deps.store.exemptions.save(record);
  const ipSet = spec.cidrs ? await waf.ensureIpSet(exemptionIpSetName(spec.id), acl.scope, spec.cidrs) : undefined;
  const outcome = await waf.modify(acl, (fresh) =>
    applyExemption(fresh, { ...spec, ...(ipSet ? { ipSetArn: ipSet.arn } : {}) }),
  );
  if (outcome.status === 'refused') {
    await deps.store.exemptions.remove(spec.id);
    if (ipSet) await waf.deleteIpSet(ipSet.name, acl.scope);
    return reply(
      refusalMessage(
        typedCommand(job),
        outcome.refusal.message,
        'The web ACL changed since the preview; run the command again.',
      ),
      { decision: 'refused', detail: outcome.refusal.message },
    );
  }
  const view: ExemptionAppliedView = {
    id: spec.id,
    env: args.env,
    rule: prepared.shown,
    path: spec.path,
    ...(spec.cidrs ? { cidrs: spec.cidrs } : {}),
    reason: record.reason,
    requestedBy: job.actor.id,
    webAclName: acl.name,
    expiresAt: record.expiresAt,
    ...(grant?.approvedBy ? { approvedBy: grant.approvedBy } : {}),
  };
  const message = exemptionApplied(view);
  const channel = config.environments[args.env]?.channel;
  // Once per channel, however often the job is delivered (it may time out after posting).
  await Promise.all(
    [...new Set([channel, config.auditChannel])].flatMap((c) =>
      c ? [once({ job, grant, deps }, `announced:${c}`, () => deps.replies.post(c, message))] : [],
    ),
  );
  return reply(message, {
    decision: 'allowed',
    detail: `exemption ${spec.id}: ${spec.path} skips ${prepared.shown} until ${record.expiresAt.toISOString()}`,
    roleSession,
  });
}
