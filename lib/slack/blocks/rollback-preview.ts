import type { RollbackPlan } from '../../../commands/deploy/rollback';
import type { Preview } from './request';
import { actor, ago, context, escape, section, type SlackMessage } from './kit';
import { rollbackInFreezeBlock } from './freeze';

/** What else a rollback preview says: a freeze in force, and the lock the rollback leaves. */
export interface RollbackNotes {
  frozen?: { reason: string; until: string };
  /** The lock blueshift takes once the rollback started (lockAfterRollback), or undefined when it takes none. */
  lockAfter?: string;
}

/** "web prod: v42 → v41, deployed 3 h ago by @alice": what the rollback will do, before anyone says yes. */
export function rollbackPreview(
  app: string,
  env: string,
  plan: RollbackPlan,
  locked: string | undefined,
  now: Date,
  notes: RollbackNotes = {},
): Preview {
  const lockNote = [
    ...(locked
      ? [context(`:lock: \`${app} ${env}\` is locked by ${actor(locked)}; a rollback is allowed through a lock.`)]
      : []),
    ...(notes.lockAfter
      ? [
          context(
            `:lock: Afterwards \`${app} ${env}\` stays locked by *blueshift* ("${escape(notes.lockAfter)}") until \`/deploy unlock ${app} ${env}\`.`,
          ),
        ]
      : []),
    ...(notes.frozen ? [rollbackInFreezeBlock(notes.frozen.reason, notes.frozen.until)] : []),
  ];
  if (plan.mode === 'stop') {
    return {
      summary: `stop ${plan.active.id} (${plan.label}, ${plan.active.status}) on ${app} ${env} and roll it back`,
      blocks: [
        section(
          `*${escape(app)} ${escape(env)}*: stop \`${plan.active.id}\` (\`${escape(plan.label)}\`, ${plan.active.status}); CodeDeploy rolls the instances back to the last good revision and keeps traffic on the blue fleet while it can.`,
        ),
        ...lockNote,
      ],
      confirmLabel: 'Stop & roll back',
    };
  }
  const when = plan.to.completedAt ?? plan.to.createdAt;
  const by = plan.deployedBy ? ` by <@${plan.deployedBy}>` : '';
  return {
    summary: `roll ${app} ${env} back from ${plan.fromLabel} to ${plan.toLabel}`,
    blocks: [
      section(
        `*${escape(app)} ${escape(env)}*: \`${escape(plan.fromLabel)}\` → \`${escape(plan.toLabel)}\`, deployed${when ? ` ${ago(when, now)}` : ''}${by} (\`${plan.to.id}\`). A new blue/green deployment of that revision.`,
      ),
      ...lockNote,
    ],
    confirmLabel: 'Roll back',
  };
}

export function stoppingMessage(deploymentId: string, label: string): SlackMessage {
  return {
    text: `Stopping ${deploymentId}`,
    blocks: [
      section(
        `:stop_button: Stopping \`${deploymentId}\` (\`${escape(label)}\`) with automatic rollback. Its progress message shows the rollback.`,
      ),
    ],
  };
}
