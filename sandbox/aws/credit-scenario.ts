import type { Alarms } from './alarms';
import type { Fleet } from './fleet';
import { eventTime } from './templates';
import type { Timeline } from './timeline';

/**
 * "CPU credits run out on web prod" (the credit watch's incident, docs/architecture.md) as a time-lapse: each
 * step adds simulated hours of
 * 5-minute periods. The workload wants ~90 % CPU, so the t3.micro instances spend ~9 credits a period while
 * earning 1: the balance (288 at most) runs out in about three hours, then CPU is pinned at the 10 % baseline.
 * The throttled instance fails its ELB health checks, Auto Scaling replaces it with a new one (which launches
 * with no credits and is throttled at once), and the alarms on the group, evaluated when the walk ends, go to ALARM.
 *
 * It happens to the live group: the one the deployment group points at now, which after a blue/green deployment
 * is CodeDeploy's copy. An alarm still watching the group that deployment deleted gets no datapoints and cannot
 * fire; when no alarm watches the live group, the walk ends without an alarm and its result says so.
 */

export interface CreditScenario {
  fleet: Fleet;
  alarms: Alarms;
  timeline: Timeline;
  emit: (event: unknown) => Promise<void>;
  /** The Auto Scaling group serving web prod now. */
  group: string;
  /** The group web prod had before any deployment replaced it (alarms created for it are named in the note). */
  originalGroup: string;
}

export interface CreditRun {
  /** The group whose credits ran out. */
  group: string;
  /** The alarms that watch it and were evaluated, in ALARM unless they were before. */
  alarms: string[];
  /** What a person should know, when the incident could not raise an alarm. */
  note?: string;
}

/** CPU % the surge wants: more than a t3.micro's 10 % baseline can sustain, as after a slow-query deploy. */
const SURGE = 90;
/** Periods per step while draining: 3 steps × 12 periods × ~8 credits covers a full 288-credit balance. */
const DRAIN_STEPS = 3;
const DRAIN_PERIODS = 12;
const THROTTLED_PERIODS = 6;
const AFTER_REPLACEMENT_PERIODS = 4;
/** Steps per simulated period once the walk is over: the incident goes on, slower, while the load holds. */
export const FOLLOW_STEPS = 10;

function replace(scenario: CreditScenario, instanceId: string): void {
  const { fleet, group } = scenario;
  const before = fleet.members(group).length;
  fleet.terminate([instanceId]);
  const [replacement = ''] = fleet.launch(group, 1);
  fleet.advance(AFTER_REPLACEMENT_PERIODS);
  // Recorded after the time-lapse moved on, so the activities sit where the series shows the replacement.
  const at = fleet.periodStart(fleet.tick - 1 - AFTER_REPLACEMENT_PERIODS);
  const launched = fleet.instances.get(replacement);
  if (launched) launched.launchedAt = at;
  fleet.recordActivity(
    group,
    `Terminating EC2 instance: ${instanceId}`,
    `At ${eventTime(at)} an instance was taken out of service in response to an ELB system health check failure.`,
    at,
  );
  fleet.recordActivity(
    group,
    `Launching a new EC2 instance: ${replacement}`,
    `At ${eventTime(new Date(at.getTime() + 60_000))} an instance was started in response to a difference between desired and running capacity, increasing the capacity from ${before - 1} to ${before}.`,
    new Date(at.getTime() + 60_000),
  );
}

/** Why nothing fired: the alarms that still watch a group that is gone. */
function silentNote(scenario: CreditScenario): string {
  const { alarms, fleet, group } = scenario;
  const gone = [...new Set([scenario.originalGroup, ...fleet.deletedGroups.keys()])].filter(
    (name) => !fleet.groups.has(name),
  );
  const stale = gone.flatMap((name) => alarms.watching(name).map((alarm) => `${alarm} (on ${name})`));
  return (
    `No CloudWatch alarm watches ${group}, so nothing fired. ` +
    (stale.length
      ? `${stale.join(', ')} still watch${stale.length === 1 ? 'es' : ''} a group a blue/green deployment deleted and can never fire: move them to the live group (blueshift's "Move them to the live group") and run this again.`
      : '')
  );
}

/** Runs the walk; resolves once the alarms' state changes have been delivered (or at once if the account stopped). */
export async function runCreditExhaustion(scenario: CreditScenario): Promise<CreditRun> {
  const { fleet, timeline, group } = scenario;
  const run: CreditRun = { group, alarms: [] };
  fleet.surge.set(group, SURGE);
  for (let step = 0; step < DRAIN_STEPS; step += 1) {
    fleet.advance(DRAIN_PERIODS);
    if (!(await timeline.sleep(1))) return run;
  }
  fleet.advance(THROTTLED_PERIODS);
  // The instance that ran dry first stops answering the load balancer's health checks (and SSM's pings) in time.
  const [worst] = fleet
    .members(group)
    .sort((a, b) => (fleet.latest(a)?.balance ?? 0) - (fleet.latest(b)?.balance ?? 0));
  if (worst) Object.assign(worst, { health: 'Unhealthy', agent: 'ConnectionLost' });
  if (!(await timeline.sleep(1))) return run;
  if (worst) replace(scenario, worst.id);
  else fleet.advance(AFTER_REPLACEMENT_PERIODS);
  run.alarms = scenario.alarms.watching(group);
  for (const name of run.alarms) {
    const event = scenario.alarms.evaluate(name);
    if (event) await scenario.emit(event);
  }
  return run.alarms.length ? run : { ...run, note: silentNote(scenario).trim() };
}

/**
 * After the walk the incident goes on: one more period every FOLLOW_STEPS steps while a group's workload still wants
 * more than the baseline, paused while a walk runs. So what the team does shows in the metrics within seconds: an
 * instance switched to unlimited credits runs at what the workload wants (spending surplus credits), one switched
 * back is held at its baseline again. Resolves when the load is gone or the account stops.
 */
export async function followIncident(fleet: Fleet, timeline: Timeline, walking: () => boolean): Promise<void> {
  while (fleet.surge.size && (await timeline.sleep(FOLLOW_STEPS))) {
    if (!walking()) fleet.advance(1);
  }
}
