import type { KnownBlock } from '@slack/types';
import type { PendingRequest } from '../../../commands/requests';
import { formatDuration } from '../../config/duration';
import { actions, type ButtonSpec } from './buttons';
import { actor, context, escape, header, isSlackUser, section, slackDate, type SlackMessage } from './kit';

/** What the requester (or approver) sees about the change before saying yes: built by the command. */
export interface Preview {
  summary: string;
  blocks: KnownBlock[];
  /** The confirm button's label, e.g. `Deploy anyway` when alarms are firing. */
  confirmLabel?: string;
  /**
   * Several ways to say yes, one button each (the first is primary): the click's value names the request and the
   * choice's grant (`<request id>|<grant>`), which the worker checks against the request's stored choices.
   */
  choices?: { label: string; grant: string }[];
}

/** The yes buttons of a request: one, or one per choice. */
function yesButtons(
  request: PendingRequest,
  preview: Preview,
  action: 'request.confirm' | 'request.approve',
  label: string,
): ButtonSpec[] {
  const confirm = (text: string) =>
    action === 'request.approve' ? { confirm: { title: 'Approve this change?', text, confirm: 'Approve' } } : {};
  if (!preview.choices?.length)
    return [{ action, text: label, value: request.id, style: 'primary', ...confirm(escape(preview.summary)) }];
  return preview.choices.map((choice, index) => ({
    action,
    text: choice.label,
    value: `${request.id}|${choice.grant}`,
    ...(index === 0 ? { style: 'primary' as const } : {}),
    ...confirm(`${escape(preview.summary)}: ${escape(choice.label)}`),
  }));
}

/** Shown only to the requester: the preview, with Confirm and Cancel. */
export function confirmationMessage(request: PendingRequest, preview: Preview): SlackMessage {
  return {
    text: `Confirm ${escape(request.command)}: ${escape(preview.summary)}`,
    blocks: [
      section(`*Confirm \`${escape(request.command)}\`?*\n${escape(preview.summary)}`),
      ...preview.blocks,
      actions(`request-${request.id}`, [
        ...yesButtons(request, preview, 'request.confirm', preview.confirmLabel ?? 'Confirm'),
        { action: 'request.cancel', text: 'Cancel', value: request.id },
      ]),
      context(`Expires ${slackDate(request.deadline)} if not confirmed.`),
    ],
  };
}

/** Posted in the environment's channel: a second person approves or rejects. */
export function approvalMessage(request: PendingRequest, preview: Preview, now: Date): SlackMessage {
  const left = formatDuration(request.deadline.getTime() - now.getTime());
  return {
    text: `Approval needed: ${escape(request.command)} by ${actor(request.requestedBy)}`,
    blocks: [
      header(`Approval needed: ${request.command}`),
      section(
        `${actor(request.requestedBy)} wants to: *${escape(preview.summary)}*${request.confirmedBy ? ' (confirmed)' : ''}`,
      ),
      ...preview.blocks,
      actions(`request-${request.id}`, [
        ...yesButtons(request, preview, 'request.approve', 'Approve'),
        { action: 'request.reject', text: 'Reject', value: request.id, style: 'danger' },
      ]),
      context(
        `${isSlackUser(request.requestedBy) ? `Any approver except <@${request.requestedBy}>` : 'Any approver'} may approve. Expires in ${left} (${slackDate(request.deadline)}).`,
      ),
    ],
  };
}

const VERDICTS: Record<Exclude<PendingRequest['status'], 'pending'>, string> = {
  approved: ':white_check_mark: Approved',
  rejected: ':x: Rejected',
  expired: ':hourglass: Expired',
};

/** The request message once decided: same content, no buttons, and who decided. */
export function decidedRequestMessage(request: PendingRequest): SlackMessage {
  const status = request.status === 'pending' ? 'expired' : request.status;
  const by =
    status === 'expired' ? ' — nobody answered in time' : request.decidedBy ? ` by <@${request.decidedBy}>` : '';
  const what =
    request.gate === 'confirmation' && status === 'rejected' ? ':heavy_minus_sign: Cancelled' : VERDICTS[status];
  const next = status === 'expired' ? ' Run the command again if it is still needed.' : '';
  return {
    text: `${escape(request.command)}: ${status}`,
    blocks: [
      section(
        `*\`${escape(request.command)}\`* (requested by ${actor(request.requestedBy)})\n${escape(request.summary)}`,
      ),
      context(`${what}${by}.${next}`),
    ],
  };
}

/** Tells the requester where their request waits. */
export function awaitingApprovalMessage(request: PendingRequest, channel: string): SlackMessage {
  return {
    text: `Approval requested for ${escape(request.command)}`,
    blocks: [
      section(
        `:hourglass_flowing_sand: \`${escape(request.command)}\` needs a second person: approval requested in <#${channel}>. It expires ${slackDate(request.deadline)}.`,
      ),
    ],
  };
}
