import type { WebAcls } from '../../commands/waf/ports';
import { typedCommand } from '../../commands/spec';
import type { ExemptArgs, exemptSpec } from '../../commands/specs/waf-exempt';
import type { listSpec } from '../../commands/specs/waf-exempt-list';
import type { revokeSpec } from '../../commands/specs/waf-exempt-revoke';
import { formatDuration } from '../../lib/config/duration';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { exemptionList, exemptionPreview, exemptionReverted } from '../../lib/slack/blocks/waf';
import { applyPrepared } from './apply';
import { pinnedExemption, prepareExemption, type PreparedExemption } from './prepare';
import { announceRevert, revertRecord } from './revert';
import { nextGate, reply, type Execution, type Executor, type Outcome } from '../jobs/outcome';

/** WAF's limit on a web ACL's capacity: https://docs.aws.amazon.com/waf/latest/developerguide/limits.html */
const MAX_WCU = 5_000;

async function previewGate(
  prepared: PreparedExemption,
  args: ExemptArgs,
  gate: 'confirmation' | 'approval',
  waf: WebAcls,
  { job }: Execution,
): Promise<Outcome> {
  const [before, after] = await Promise.all([
    waf.checkCapacity(prepared.acl.scope, prepared.webAcl.Rules),
    waf.checkCapacity(prepared.acl.scope, prepared.after),
  ]);
  const { spec } = prepared;
  const message = exemptionPreview({
    id: spec.id,
    env: args.env,
    rule: prepared.shown,
    path: spec.path,
    ...(spec.cidrs ? { cidrs: spec.cidrs } : {}),
    reason: args.reason ?? '',
    requestedBy: job.actor.id,
    webAclName: prepared.acl.name,
    durationMs: prepared.durationMs,
    diff: prepared.diff,
    capacity: { before, after, limit: MAX_WCU },
  });
  if (after > MAX_WCU) {
    const reason = `the web ACL would need ${after} WCU, over WAF's limit of ${MAX_WCU}.`;
    return reply(
      refusalMessage(
        typedCommand(job),
        reason,
        'Exempt one rule instead of the whole group, or free capacity in the infrastructure code.',
      ),
      { decision: 'refused', detail: reason },
    );
  }
  const summary = `exempt ${spec.path} from ${prepared.shown} in ${args.env} for ${formatDuration(prepared.durationMs)}${spec.cidrs ? ` from ${spec.cidrs.join(', ')}` : ''}`;
  return {
    kind: 'gate',
    gate,
    preview: { summary, blocks: message.blocks.slice(1), confirmLabel: 'Apply exemption' },
    grants: [pinnedExemption(spec.id)],
  };
}

/** /waf-exempt: checks, a preview with the diff and capacity, confirmation, approval on protected envs, apply. */
export const runWafExempt: Executor<typeof exemptSpec> = async (args, execution) => {
  const { deps, job, grant } = execution;
  const { env, target } = await deps.account(args.env, job.actor);
  const pinned = grant?.grants.find((g) => g.startsWith('exemption:'))?.slice('exemption:'.length);
  const prepared = await prepareExemption(args, args.env, env, target.waf, pinned);
  if ('problem' in prepared)
    return reply(refusalMessage(typedCommand(job), prepared.problem, prepared.next), {
      decision: 'refused',
      detail: prepared.problem,
    });
  const gate = nextGate(env.protected, grant, true);
  if (gate) return previewGate(prepared, args, gate, target.waf, execution);
  return applyPrepared(prepared, args, target.waf, target.roleSession, execution);
};

export const runWafList: Executor<typeof listSpec> = async (args, { deps }) => {
  const entries = await deps.store.exemptions.listActive(args.env);
  const listed = entries.map((e) => ({ ...e, ...(e.cidr ? { cidrs: [e.cidr] } : {}) }));
  return reply(exemptionList(listed, deps.now(), args.env));
};

/** /waf-exempt revoke: ends an exemption now. It restores protection, so it needs no approval. */
export const runWafRevoke: Executor<typeof revokeSpec> = async (args, { config, deps, job }) => {
  const record = await deps.store.exemptions.get(args.id);
  if (!record)
    return reply(
      refusalMessage(
        typedCommand(job),
        `there is no active exemption \`${args.id}\`.`,
        '`/waf-exempt list` shows the active ones.',
      ),
    );
  const { target } = await deps.account(record.env, job.actor);
  const view = await revertRecord(record, target.waf, config, deps, 'revoked', job.actor.id);
  await announceRevert(view, config, deps);
  return reply(exemptionReverted(view), {
    decision: 'allowed',
    detail: `revoked ${record.id}${view.removed ? '' : ' (it was no longer in the web ACL)'}`,
    roleSession: target.roleSession,
  });
};
