import type { AuditEntry } from '../../../commands/ports';
import { actor, context, escape, type SlackMessage } from './kit';

const ICONS: Record<AuditEntry['decision'], string> = {
  allowed: ':large_green_circle:',
  refused: ':no_entry:',
  approved: ':white_check_mark:',
  rejected: ':x:',
  expired: ':hourglass:',
  succeeded: ':white_check_mark:',
  failed: ':rotating_light:',
};

/** One line in the audit channel per decision: who, what, the verdict and why. */
export function auditMessage(entry: AuditEntry): SlackMessage {
  const where = [entry.app, entry.env].filter(Boolean).join(' ');
  const extras = [
    entry.deploymentId && `deployment \`${entry.deploymentId}\``,
    entry.roleSession && `role session \`${entry.roleSession}\``,
  ].filter(Boolean);
  const line = `${ICONS[entry.decision]} *${entry.decision}* · ${actor(entry.user)} \`${escape(entry.command)}\`${where ? ` (${escape(where)})` : ''} — ${escape(entry.detail)}${extras.length ? ` · ${extras.join(' · ')}` : ''}`;
  // The fallback text notifies like the blocks: a `<!channel>` in what someone typed must stay text there too.
  return { text: `${entry.decision}: ${escape(entry.command)} by ${escape(entry.user)}`, blocks: [context(line)] };
}

/**
 * Something blueshift does on its own (an event it was sent) failed in a way retrying cannot fix: what, why, and
 * what to check, so an operator can fix it before the next event fails the same way.
 */
export function unfixableNote(subject: string, reason: string, next: string): SlackMessage {
  const line = `${ICONS.failed} *failed* · ${escape(subject)} — ${escape(reason)}`;
  return { text: `failed: ${subject}: ${reason}`, blocks: [context(line), context(escape(next))] };
}
