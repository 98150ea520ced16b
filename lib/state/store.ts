import type { AlarmEpisodes, AlarmSnoozes } from '../../commands/alarms/episodes';
import type { AlarmStorms } from '../../commands/alarms/storm';
import type { ChangesRecords } from '../../commands/changes/ports';
import type { CiRequestStore } from '../../commands/ci/request';
import type { DeploymentLinks } from '../../commands/deploy/ports';
import type { SilentAlarmRecords } from '../../commands/fleet/ports';
import type { RequestStore } from '../../commands/requests';
import type { WatchStore } from '../../commands/checks/watch';
import type { CheckRuns } from '../../commands/checks/episodes';
import type { ScaleOutEpisodes } from '../../commands/scale-out/episode';
import type { ProcessQuestions } from '../../commands/processes/ports';
import type { CreditChanges } from '../../commands/credits/changes';
import type { RunbookRuns } from '../../commands/runbooks/ports';
import { changesRecords } from './changes';
import { checkRuns } from './check-runs';
import { ciRequestRecords } from './ci-requests';
import { alarmEpisodes } from './alarm-episodes';
import { alarmSnoozes } from './alarm-snoozes';
import { alarmStorms } from './alarm-storms';
import { announcements, type Announcements } from './announcements';
import { auditTrail, type AuditTrail } from './audit';
import { creditWarnings, type CreditWarnings } from './credit-warnings';
import { deploymentLinks } from './deployments';
import { exemptionRecords, type ExemptionRecords } from './exemptions';
import { jobLedger, type JobLedger } from './jobs';
import { processQuestionRecords } from './process-questions';
import { creditChangeRecords } from './credit-changes';
import { runbookRunRecords } from './runbook-runs';
import { deployLocks, type DeployLocks } from './locks';
import { requestRecords } from './requests';
import { scaleOutEpisodes } from './scale-out-episodes';
import { silentAlarmRecords } from './silent-alarms';
import type { Table } from './table';
import { watchRecords } from './watches';

/** Everything the bot keeps in its state table, each part in its own words (docs/decisions/0005). */
export interface StateStore {
  jobs: JobLedger;
  locks: DeployLocks;
  exemptions: ExemptionRecords;
  audit: AuditTrail;
  requests: RequestStore;
  deployments: DeploymentLinks;
  alarmEpisodes: AlarmEpisodes;
  alarmSnoozes: AlarmSnoozes;
  /** Storm windows and summaries: several alarms of one environment at once (docs/decisions/0030). */
  alarmStorms: AlarmStorms;
  creditWarnings: CreditWarnings;
  silentAlarms: SilentAlarmRecords;
  watches: WatchStore;
  checks: CheckRuns;
  scaleOut: ScaleOutEpisodes;
  /** CI deployment requests (docs/decisions/0022). */
  ciRequests: CiRequestStore;
  /** What a deployment request showed of its changes (docs/decisions/0024). */
  changes: ChangesRecords;
  /** What the sweeper said once: freezes starting and ending, locks running out (docs/decisions/0023). */
  announcements: Announcements;
  /** Clicks on "What is using the CPU" until they are answered. */
  processQuestions: ProcessQuestions;
  /** Switches of an app's fleet between CPU-credit modes (docs/decisions/0026). */
  creditChanges: CreditChanges;
  /** Runs of configured runbooks, from the click until they end. */
  runbookRuns: RunbookRuns;
}

/** `now` is injectable so leases and expiry can be tested without waiting. */
export function createStateStore(table: Table, now: () => Date = () => new Date()): StateStore {
  return {
    jobs: jobLedger(table, now),
    locks: deployLocks(table, now),
    exemptions: exemptionRecords(table),
    audit: auditTrail(table, now),
    requests: requestRecords(table),
    deployments: deploymentLinks(table, now),
    alarmEpisodes: alarmEpisodes(table, now),
    alarmSnoozes: alarmSnoozes(table),
    alarmStorms: alarmStorms(table),
    creditWarnings: creditWarnings(table),
    silentAlarms: silentAlarmRecords(table),
    watches: watchRecords(table, now),
    checks: checkRuns(table, now),
    scaleOut: scaleOutEpisodes(table, now),
    ciRequests: ciRequestRecords(table),
    changes: changesRecords(table, now),
    announcements: announcements(table),
    processQuestions: processQuestionRecords(table),
    creditChanges: creditChangeRecords(table),
    runbookRuns: runbookRunRecords(table),
  };
}
