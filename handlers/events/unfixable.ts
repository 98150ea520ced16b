import { createHash } from 'node:crypto';
import { KnownFailure } from '../../lib/errors';
import { logger } from '../../lib/log';
import { unfixableNote } from '../../lib/slack/blocks/audit';
import type { WorkerDeps } from '../jobs/deps';

// Names differ by protocol: query services say AccessDenied, JSON ones AccessDeniedException, EC2 its own.
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
// Slack's refusals a retry gets again: the bot is not in the channel, lacks a scope, or is not installed.
const SLACK_REFUSALS = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'missing_scope',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
]);

/** A failure retrying cannot fix: a permission missing, a role that cannot be assumed, Slack refusing the bot. */
export function isUnfixable(error: unknown): boolean {
  if (error instanceof KnownFailure) return true;
  if (error instanceof Error && DENIED.has(error.name)) return true;
  const slackError = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof slackError === 'string' && SLACK_REFUSALS.has(slackError);
}

/** Longer than the event functions' timeout, like the alarm notes' lease. */
const NOTE_LEASE_MS = 60_000;

/**
 * An event function gave up on an event for a reason retrying cannot fix: instead of three attempts and the
 * dead-letter queue (whose alarm says only that something is there), the audit channel hears at once what failed
 * and what to check: once per subject and reason (the job ledger keys it), however many events hit it.
 */
export async function noteUnfixable(
  error: unknown,
  subject: string,
  deps: Pick<WorkerDeps, 'config' | 'store' | 'replies' | 'describeError'>,
): Promise<void> {
  const reason = deps.describeError(error);
  logger.error('an event failed in a way retrying cannot fix', { error, subject });
  const next =
    error instanceof KnownFailure
      ? error.next
      : "Retrying will not fix this: grant the permission named (the operator role is infra/target-account.yml, the bot's own role serverless.yml), or invite the bot to the channel or give the Slack app the scope (manifest.yml). Events for it fail the same way until then.";
  const noteId = `event-failure:${createHash('sha256').update(`${subject}\n${reason}`).digest('hex').slice(0, 32)}`;
  // The state table may be what refuses: then the note goes out without its once-only key.
  const claim = await deps.store.jobs.claim(noteId, NOTE_LEASE_MS).catch(() => 'unkeyed' as const);
  if (claim === 'done' || claim === 'running') return;
  try {
    await deps.replies.post((await deps.config()).auditChannel, unfixableNote(subject, reason, next));
  } catch (postError) {
    if (claim === 'claimed') await deps.store.jobs.release(noteId).catch(() => undefined);
    throw postError;
  }
  if (claim === 'claimed')
    await deps.store.jobs
      .complete(noteId, 'posted')
      .catch((completeError: unknown) => logger.error('could not note the note as posted', { completeError }));
}
