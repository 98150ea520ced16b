import type { CheckRun } from '../../../commands/checks/episodes';
import { checkLine } from '../../../commands/checks/summary';
import { creatorWords } from '../../../commands/deploy/origin';
import type { DeployLock, DeploymentSummary, FiringAlarm, Fleet } from '../../../commands/ports';
import type { AppEnvStatus, DeploymentView, FleetView, Section } from '../../../commands/status-report';
import { actor, ago, escape } from './kit';
import { lockHolder } from './locks';
import { freezeEnd, freezeReason, freezeStart } from '../../../commands/deploy/freeze';

const NOT_CONFIGURED = '_not configured_';

function unavailable(section: { ok: false; error: string }): string {
  return `:warning: _unavailable: ${escape(section.error)}_`;
}

function counts(d: DeploymentSummary): string {
  const { succeeded, failed, inProgress, pending, ready, skipped } = d.instances;
  const total = succeeded + failed + inProgress + pending + ready + skipped;
  const done = succeeded + ready;
  return `${done}/${total} instances ready${failed ? `, ${failed} failed` : ''}`;
}

/** Who started it: the Slack user or CI role that asked blueshift, else what CodeDeploy says started it. */
function who(d: DeploymentView): string {
  if (d.requestedBy) return ` by ${actor(d.requestedBy)}`;
  if (d.creator === undefined) return '';
  if (d.creator === 'user') return ' · started outside Slack';
  const words = creatorWords(d.creator);
  return words ? ` by ${escape(words)}` : ` · started outside Slack (creator \`${escape(d.creator)}\`)`;
}

export function deploymentField(section: AppEnvStatus['deployment'], now: Date): string {
  if (!section) return `*Deployment*\n${NOT_CONFIGURED}`;
  if (!section.ok) return `*Deployment*\n${unavailable(section)}`;
  const { active, last } = section.value;
  const lines: string[] = [];
  if (active) {
    const icon = active.status === 'Ready' ? ':large_blue_circle:' : ':arrows_counterclockwise:';
    lines.push(
      `${icon} *${active.status}* \`${active.id}\` ${escape(active.revisionLabel ?? '')}${who(active)}`.trim(),
    );
    lines.push(counts(active));
  }
  if (last) {
    const when = last.completedAt ?? last.createdAt;
    lines.push(
      `:white_check_mark: last good: *${escape(last.revisionLabel ?? '?')}* \`${last.id}\`${when ? ` ${ago(when, now)}` : ''}${who(last)}`,
    );
  }
  if (!lines.length) lines.push('_no deployment yet_');
  return `*Deployment*\n${lines.join('\n')}`;
}

export function lockField(section: Section<DeployLock | undefined>, now: Date): string {
  if (!section.ok) return `*Lock*\n${unavailable(section)}`;
  const lock = section.value;
  if (!lock) return '*Lock*\n:unlock: unlocked';
  return `*Lock*\n:lock: ${lockHolder(lock, now)}`;
}

/** Deploy windows and freezes: frozen now (why, until when), or the next freeze (when it starts). */
export function freezeField(freeze: AppEnvStatus['freeze'], now: Date): string | undefined {
  if (!freeze) return undefined;
  if (freeze.active) {
    return `*Deploys*\n:ice_cube: frozen: ${escape(freezeReason(freeze.current))} — until ${escape(freezeEnd(freeze.active, freeze.timeZone, now))}`;
  }
  const next = freeze.next;
  if (!next) return undefined;
  const why = freezeReason(next.causes.filter((cause) => cause.from.getTime() === next.from.getTime()));
  return `*Deploys*\n:large_green_circle: open · next freeze ${escape(freezeStart(next, freeze.timeZone, now))}: ${escape(why)}`;
}

export function alarmsField(section: Section<FiringAlarm[]> | undefined): string {
  if (!section) return `*Alarms*\n${NOT_CONFIGURED} (no \`alarmPrefix\`)`;
  if (!section.ok) return `*Alarms*\n${unavailable(section)}`;
  if (!section.value.length) return '*Alarms*\n:large_green_circle: none firing';
  const names = section.value.slice(0, 5).map((alarm) => `\`${escape(alarm.name)}\``);
  const more = section.value.length > 5 ? ` +${section.value.length - 5} more` : '';
  return `*Alarms*\n:red_circle: ${section.value.length} firing: ${names.join(', ')}${more}`;
}

function capacity(fleet: Fleet): string[] {
  const inService = fleet.instances.filter((i) => i.lifecycleState === 'InService' && i.healthy).length;
  const unhealthy = fleet.instances.filter((i) => !i.healthy).map((i) => `\`${i.id}\``);
  const types = [...new Set(fleet.instances.flatMap((i) => (i.type ? [i.type] : [])))].join(', ');
  const icon = unhealthy.length || inService < fleet.desired ? ':warning:' : ':large_green_circle:';
  const lines = [
    `${icon} ${inService}/${fleet.desired} healthy in service (min ${fleet.min}, max ${fleet.max})${types ? ` · ${types}` : ''}`,
  ];
  if (unhealthy.length) lines.push(`unhealthy: ${unhealthy.join(', ')}`);
  return lines;
}

/** The green copy a running blue/green deployment provisions: not there yet, unreadable, or its capacity. */
function greenLines(green: NonNullable<AppEnvStatus['green']>): string[] {
  const title = `:large_blue_circle: green \`${escape(green.name)}\` (\`${green.deploymentId}\`)`;
  if (!green.fleet.ok) return [`${title}: ${unavailable(green.fleet)}`];
  if (!green.fleet.value) return [`${title}: being created`];
  return [title, ...capacity(green.fleet.value.fleet)];
}

export function fleetField(entry: AppEnvStatus): string {
  const section = entry.fleet;
  const extra = [
    ...(entry.otherGroups?.length
      ? [`also serving: ${entry.otherGroups.map((name) => `\`${escape(name)}\``).join(', ')}`]
      : []),
    ...(entry.green ? greenLines(entry.green) : []),
  ];
  const withExtra = (lines: string[]) => [...lines, ...extra].join('\n');
  if (!section) return `*Fleet*\n${NOT_CONFIGURED}`;
  if (!section.ok) return `*Fleet*\n${withExtra([unavailable(section)])}`;
  if (!section.value)
    return `*Fleet*\n${withExtra([`:warning: Auto Scaling group \`${escape(entry.fleetName ?? '')}\` not found`])}`;
  const { fleet } = section.value;
  return `*Fleet* \`${escape(fleet.name)}\`\n${withExtra(capacity(fleet))}`;
}

export function creditsField(fleet: FleetView | undefined): string | undefined {
  const credits = fleet?.credits;
  if (!credits) return undefined;
  if (!credits.ok) return `*CPU credits*\n${unavailable(credits)}`;
  const known = [...credits.value.entries()].filter((e): e is [string, number] => e[1] !== undefined);
  if (!known.length) return '*CPU credits*\n_no recent data_';
  const [lowestId, lowest] = known.reduce((min, e) => (e[1] < min[1] ? e : min));
  const icon = lowest < 1 ? ':red_circle:' : lowest < 20 ? ':warning:' : ':large_green_circle:';
  const note = lowest < 1 ? ' — exhausted: throttled to baseline' : '';
  return `*CPU credits*\n${icon} lowest ${lowest.toFixed(1)} (\`${lowestId}\`)${note}`;
}

export function agentsField(fleet: FleetView | undefined): string | undefined {
  if (!fleet) return undefined;
  if (!fleet.agents.ok) return `*SSM agents*\n${unavailable(fleet.agents)}`;
  const pings = [...fleet.agents.value.entries()];
  const offline = pings.filter(([, ping]) => ping !== 'Online');
  if (!offline.length) return `*SSM agents*\n:large_green_circle: ${pings.length}/${pings.length} online`;
  const list = offline
    .slice(0, 5)
    .map(([id, ping]) => `\`${id}\` ${ping}`)
    .join(', ');
  const more = offline.length > 5 ? ` +${offline.length - 5} more` : '';
  return `*SSM agents*\n:warning: ${pings.length - offline.length}/${pings.length} online; ${list}${more}`;
}

/** The HTTP checks' last run: each check's status, and how long ago (they run every 5 minutes). */
export function checksField(section: Section<CheckRun | undefined> | undefined, now: Date): string | undefined {
  if (!section) return undefined;
  if (!section.ok) return `*Checks*\n${unavailable(section)}`;
  if (!section.value) return '*Checks*\nnot run yet (every 5 minutes)';
  const { results, at } = section.value;
  const failed = results.filter((result) => !result.passed).length;
  const icon = failed ? ':red_circle:' : ':large_green_circle:';
  const lines = results.slice(0, 5).map((result) => checkLine(result));
  return `*Checks* (${ago(at, now)})\n${icon} ${lines.join(' · ')}`;
}
