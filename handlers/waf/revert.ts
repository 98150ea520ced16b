import type { Exemption } from '../../commands/ports';
import { exemptionIpSetName, type ExemptionTarget } from '../../commands/waf/exemption';
import { revertExemption } from '../../commands/waf/exemption-rules';
import type { WebAcls } from '../../commands/waf/ports';
import type { ExemptionRevertedView } from '../../commands/waf/views';
import type { BlueshiftConfig } from '../../lib/config/schema';
import { exemptionReverted } from '../../lib/slack/blocks/waf';
import type { WorkerDeps } from '../jobs/deps';

/**
 * Removes exactly what one exemption added, wherever it now is in the web ACL (others' changes stay), then its IP
 * set, then its record — in that order, so a failure part way leaves the record and the sweeper tries again.
 * Telling Slack is separate (announceRevert): a revert must not wait for, or fail with, Slack.
 */
export async function revertRecord(
  record: Exemption,
  waf: WebAcls,
  config: BlueshiftConfig,
  deps: WorkerDeps,
  why: ExemptionRevertedView['why'],
  by?: string,
): Promise<ExemptionRevertedView> {
  const acl = config.environments[record.env]?.waf?.webAcl;
  if (!acl)
    throw new Error(
      `environment ${record.env} no longer has a web ACL configured; exemption ${record.id} cannot be reverted`,
    );
  const target = JSON.parse(record.target) as ExemptionTarget;
  const outcome = await waf.modify(acl, (fresh) => revertExemption(fresh, { id: record.id, target }));
  if (record.cidr) await waf.deleteIpSet(exemptionIpSetName(record.id), acl.scope);
  await deps.store.exemptions.remove(record.id);
  const view: ExemptionRevertedView = {
    id: record.id,
    env: record.env,
    rule: record.rule,
    path: record.path,
    ...(record.cidr ? { cidrs: [record.cidr] } : {}),
    reason: record.reason,
    requestedBy: record.requestedBy,
    webAclName: acl.name,
    why,
    ...(by ? { by } : {}),
    removed: outcome.status === 'updated',
  };
  return view;
}

/** Tells the environment's channel and the audit channel that an exemption ended. */
export async function announceRevert(
  view: ExemptionRevertedView,
  config: BlueshiftConfig,
  deps: WorkerDeps,
): Promise<void> {
  const message = exemptionReverted(view);
  const channels = [...new Set([config.environments[view.env]?.channel, config.auditChannel])];
  await Promise.all(channels.flatMap((channel) => (channel ? [deps.replies.post(channel, message)] : [])));
}
