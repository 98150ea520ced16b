import type { AccountSnapshot, TriedRequest } from '../slack/types';
import { escapeHtml } from './html';

/** A t3.micro earns 12 credits an hour and holds at most 24 hours' worth: a full bar. */
const MAX_T3_MICRO_CREDITS = 288;

function table(testId: string, caption: string, head: string[], rows: string[][], empty: string): string {
  const header = `<tr>${head.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr>`;
  const body = rows.length
    ? rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')
    : `<tr><td colspan="${head.length}" class="empty">${escapeHtml(empty)}</td></tr>`;
  return `<table class="account-table" data-testid="${testId}"><caption>${escapeHtml(caption)}</caption><thead>${header}</thead><tbody>${body}</tbody></table>`;
}

const pill = (text: string, tone: string): string => `<span class="pill pill-${tone}">${escapeHtml(text)}</span>`;

function statusTone(status: string): string {
  if (/^(Succeeded|OK|Healthy|InService)$/i.test(status)) return 'good';
  if (/^(Failed|Stopped|ALARM|Unhealthy)$/i.test(status)) return 'bad';
  return 'busy';
}

function credits(value: number): string {
  const share = Math.max(0, Math.min(1, value / MAX_T3_MICRO_CREDITS));
  const tone = value < 1 ? 'bad' : value < 30 ? 'busy' : 'good';
  return `<span class="credits"><span class="credit-bar"><span class="credit-fill credit-${tone}" style="width:${(share * 100).toFixed(0)}%"></span></span>${value.toFixed(1)}</span>`;
}

/** Under an alarm's name: the groups it watches, a deleted one marked (its alarm can no longer fire). */
function watches(groups: string[]): string {
  return groups
    .map(
      (group) =>
        `<div class="watches${group.endsWith('(gone)') ? ' watches-gone' : ''}">on <code class="wrap">${escapeHtml(group)}</code></div>`,
    )
    .join('');
}

/** The revision a deployment group's traffic reaches, from which fleet (green while blue still waits). */
function serving(t: AccountSnapshot['traffic'][number]): string {
  return `${escapeHtml(t.revision)}<div class="watches">${t.fleet} · <code>${escapeHtml(t.deploymentId)}</code></div>`;
}

/**
 * The simulated account at a glance: where each group's traffic goes, deployments, alarms, the fleet and its CPU
 * credits, the web ACL's rules.
 */
export function renderAccount(snapshot: AccountSnapshot): string {
  return [
    table(
      'account-traffic',
      'App traffic (what the checks reach)',
      ['group', 'serving', 'GET /'],
      snapshot.traffic.map((t) => [
        escapeHtml(t.group),
        serving(t),
        t.broken ? pill('500', 'bad') : pill('200', 'good'),
      ]),
      'no traffic',
    ),
    table(
      'account-deployments',
      'CodeDeploy deployments',
      ['id', 'group', 'status'],
      snapshot.deployments.map((d) => [
        `<code>${escapeHtml(d.id)}</code>`,
        escapeHtml(d.group),
        pill(d.status, statusTone(d.status)),
      ]),
      'none yet',
    ),
    table(
      'account-alarms',
      'CloudWatch alarms',
      ['alarm', 'state', 'actions'],
      snapshot.alarms.map((a) => [
        `${escapeHtml(a.name)}${watches(a.watches)}`,
        pill(a.state, statusTone(a.state)),
        a.actionsEnabled ? 'on' : pill('snoozed', 'busy'),
      ]),
      'no alarms',
    ),
    table(
      'account-fleet',
      'Auto Scaling fleet',
      ['instance', 'type', 'health', 'CPU credits'],
      snapshot.fleet.map((i) => [
        `<code>${escapeHtml(i.id)}</code><div class="watches">in <code class="wrap">${escapeHtml(i.group)}</code></div>`,
        escapeHtml(i.type),
        pill(i.health, statusTone(i.health)),
        credits(i.credits),
      ]),
      'no instances',
    ),
    `<div class="account-rules" data-testid="account-webacl"><div class="caption">Web ACL rules (priority, name)</div><ul>${
      snapshot.webAclRules.map((rule) => `<li><code>${escapeHtml(rule)}</code></li>`).join('') ||
      '<li class="empty">no web ACL</li>'
    }</ul></div>`,
  ].join('');
}

/** What the "Try a request" box says: the status line a browser would get, and which rule decided. */
export function renderTried(path: string, sourceIp: string, result: TriedRequest): string {
  const line = result.status === 200 ? '200 OK' : '403 Forbidden';
  const why =
    result.status === 403
      ? ` — blocked by <code>${escapeHtml(result.blockedBy ?? 'the web ACL')}</code>`
      : result.matchedExemption
        ? ` — let through by exemption <code>${escapeHtml(result.matchedExemption)}</code>`
        : '';
  return `<span class="try-status try-${result.status}" data-status="${result.status}">${line}</span> <code>GET ${escapeHtml(path)}</code> from ${escapeHtml(sourceIp)}${why}`;
}
