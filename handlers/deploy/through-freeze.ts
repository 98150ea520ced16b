import { context } from '../../lib/slack/blocks/kit';
import { throughFreezeMessage, type ThroughFreeze } from '../../lib/slack/blocks/freeze';
import { once } from '../jobs/once';
import type { Execution, Outcome } from '../jobs/outcome';

/**
 * A deploy let through a freeze by an approved `override`, or a rollback during one (rollbacks always go through):
 * the environment's channel is told once, and the audit line says which freeze and why (docs/decisions/0023).
 */
export async function announceThroughFreeze(
  outcome: Outcome,
  freeze: Omit<ThroughFreeze, 'by' | 'approvedBy'>,
  execution: Execution,
): Promise<Outcome> {
  if (outcome.kind !== 'reply') return outcome;
  const { job, grant, deps, config } = execution;
  const channel = config.environments[freeze.env]?.channel ?? config.auditChannel;
  const shown: ThroughFreeze = { ...freeze, by: job.actor.id, approvedBy: grant?.approvedBy };
  await once(execution, 'freeze-announced', () => deps.replies.post(channel, throughFreezeMessage(shown)));
  const override = freeze.override === undefined ? '' : `; override: ${freeze.override}`;
  const detail = `${outcome.audit?.detail ?? outcome.message.text} — through the freeze: ${freeze.reason} (until ${freeze.until})${override}`;
  return {
    ...outcome,
    message: {
      ...outcome.message,
      blocks: [...outcome.message.blocks, context(throughFreezeMessage(shown).text)],
    },
    audit: { decision: 'allowed', ...outcome.audit, detail },
  };
}

/** Adds a line to what the requester is told (say, that `override` was not needed). */
export function withNotice(outcome: Outcome, notice: string): Outcome {
  if (outcome.kind !== 'reply') return outcome;
  const detail = `${outcome.audit?.detail ?? outcome.message.text} (${notice})`;
  return {
    ...outcome,
    message: { ...outcome.message, blocks: [...outcome.message.blocks, context(`:information_source: ${notice}`)] },
    audit: { decision: 'allowed', ...outcome.audit, detail },
  };
}
