import type { KnownBlock } from '@slack/types';
import type { Exemption } from '../../../commands/ports';
import type { AppEnvStatus, FleetView, Section, StatusReport } from '../../../commands/status-report';
import { formatDuration } from '../../config/duration';
import { processesButton } from './credit-actions';
import {
  agentsField,
  alarmsField,
  checksField,
  creditsField,
  deploymentField,
  fleetField,
  freezeField,
  lockField,
} from './status-fields';
import {
  blocksSize,
  context,
  divider,
  escape,
  header,
  LIMITS,
  MESSAGE_BUDGET,
  section,
  type SlackMessage,
} from './kit';

/** When every section of an entry failed for the same reason (say, the role could not be assumed), say it once. */
function sharedFailure(entry: AppEnvStatus): string | undefined {
  const sections = [entry.deployment, entry.alarms, entry.fleet].filter((s) => s !== undefined);
  const errors = new Set(sections.map((s) => (s.ok ? undefined : s.error)));
  const [only] = [...errors];
  return sections.length && errors.size === 1 && only ? only : undefined;
}

function mergedSection<T>(
  a: Section<Map<string, T>> | undefined,
  b: Section<Map<string, T>> | undefined,
): Section<Map<string, T>> | undefined {
  if (!a || !b) return a ?? b;
  if (!a.ok) return a;
  if (!b.ok) return b;
  return { ok: true, value: new Map([...a.value, ...b.value]) };
}

/** Credits and agents of the serving fleet and, while a deployment runs, of the green one: new T3s start with none. */
function instancesView(entry: AppEnvStatus): FleetView | undefined {
  const serving = entry.fleet?.ok ? entry.fleet.value : undefined;
  const green = entry.green?.fleet.ok ? entry.green.fleet.value : undefined;
  if (!serving || !green) return serving ?? green;
  const agents = mergedSection(serving.agents, green.agents) ?? serving.agents;
  return { fleet: serving.fleet, credits: mergedSection(serving.credits, green.credits), agents };
}

function entryBlocks(entry: AppEnvStatus, now: Date): KnownBlock[] {
  const title = `*${escape(entry.app)}* → *${escape(entry.env)}*${entry.protected ? '  :shield: protected' : ''}`;
  const failure = sharedFailure(entry);
  if (failure) {
    const fields = [lockField(entry.lock, now), freezeField(entry.freeze, now)].filter((field) => field !== undefined);
    return [section(`${title}\n:warning: ${escape(failure)}`, fields), divider()];
  }
  const fleet = instancesView(entry);
  const fields = [
    deploymentField(entry.deployment, now),
    lockField(entry.lock, now),
    freezeField(entry.freeze, now),
    alarmsField(entry.alarms),
    fleetField(entry),
    creditsField(fleet),
    agentsField(fleet),
    checksField(entry.checks, now),
  ].filter((field) => field !== undefined);
  const block = section(title, fields);
  // A fleet with burstable instances (its credits were read) offers "What is using the CPU", beside its line.
  if (fleet?.credits) block.accessory = processesButton({ app: entry.app, env: entry.env });
  return [block, divider()];
}

function exemptionLine(exemption: Exemption, now: Date): string {
  const ms = exemption.expiresAt.getTime() - now.getTime();
  const left = ms > 0 ? `${formatDuration(ms)} left` : 'expired, being reverted';
  const from = exemption.cidr ? ` from \`${exemption.cidr}\`` : '';
  return `• \`${exemption.id}\` ${escape(exemption.env)}: \`${escape(exemption.path)}\` skips *${escape(exemption.rule)}*${from} — ${left}, by <@${exemption.requestedBy}>`;
}

function exemptionBlocks(exemptions: Section<Exemption[]>, now: Date): KnownBlock[] {
  if (!exemptions.ok) return [context(`:warning: WAF exemptions unavailable: ${escape(exemptions.error)}`)];
  if (!exemptions.value.length) return [context(':shield: No active WAF exemptions.')];
  const lines = exemptions.value.map((exemption) => exemptionLine(exemption, now));
  return [section(`*Active WAF exemptions*\n${lines.join('\n')}`)];
}

/** The `/status` message: one section per app and environment, then WAF exemptions; within 50 blocks. */
export function statusMessage(report: StatusReport): SlackMessage {
  const now = report.generatedAt;
  const tail = exemptionBlocks(report.exemptions, now);
  const room = LIMITS.blocks - 2 - tail.length - 1;
  const entryBlockLists = report.entries.map((entry) => entryBlocks(entry, now));
  const blocks: KnownBlock[] = [header(`Status: ${report.scope}`)];
  const budget = MESSAGE_BUDGET - blocksSize(tail) - 400; // the closing context lines
  let shown = 0;
  // Each list's own size, plus a comma per block for where it joins the array: the whole is never re-measured.
  let size = blocksSize(blocks);
  for (const list of entryBlockLists) {
    const added = blocksSize(list) + list.length;
    if (blocks.length - 1 + list.length > room || size + added > budget) break;
    blocks.push(...list);
    size += added;
    shown += 1;
  }
  if (!report.entries.length) blocks.push(section('_Nothing is configured for this scope._'));
  if (shown < report.entries.length) {
    blocks.push(context(`…and ${report.entries.length - shown} more. Narrow it down: \`/status <app> <env>\`.`));
  }
  blocks.push(...tail, context(`As of ${now.toISOString().slice(11, 16)} UTC · \`/status help\` for options`));
  return { text: statusText(report), blocks };
}

function statusText(report: StatusReport): string {
  const firing = report.entries.reduce((sum, e) => sum + (e.alarms?.ok ? e.alarms.value.length : 0), 0);
  const active = report.entries.filter((e) => e.deployment?.ok && e.deployment.value.active).length;
  return `Status of ${report.scope}: ${active} deployment${active === 1 ? '' : 's'} running, ${firing} alarm${firing === 1 ? '' : 's'} firing`;
}
