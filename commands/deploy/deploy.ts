import type { AppConfig, EnvironmentConfig } from '../../lib/config/schema';
import { KnownFailure } from '../../lib/errors';
import { escape } from '../../lib/mrkdwn';
import type {
  AlarmReader,
  DeployLock,
  DeploymentReader,
  DeploymentSummary,
  FiringAlarm,
  LockReader,
  S3Revision,
} from '../ports';
import { artifactKey, revisionLabel, startedBy } from '../revision';
import type { DeployArgs } from '../specs/deploy';
import { freezeEnd, freezePin, freezeReason, type FreezeState } from './freeze';
import { isBlueshiftLock } from './lock';
import type { DeploymentControl } from './ports';

/** What /deploy found before changing anything. */
export interface Preflight {
  revision: S3Revision;
  revisionLabel: string;
  lock: DeployLock | undefined;
  active: DeploymentSummary | undefined;
  alarms: FiringAlarm[];
}

export interface PreflightPorts {
  control: DeploymentControl;
  deployments: DeploymentReader;
  alarms: AlarmReader;
  locks: LockReader;
}

/** The S3 revision to deploy: the typed one filled into the key template, or the newest registered one. */
export async function resolveRevision(
  app: AppConfig,
  application: string,
  revision: string,
  control: DeploymentControl,
): Promise<S3Revision> {
  if (revision !== 'latest')
    return { bucket: app.artifacts.bucket, key: artifactKey(app, revision), bundleType: app.artifacts.bundleType };
  const latest = await control.latestRevision(application);
  if (!latest) {
    throw new KnownFailure(
      `CodeDeploy has no revision registered for ${application} yet, so "latest" means nothing.`,
      'Name the revision: `/deploy <app> <env> <revision>`.',
    );
  }
  return latest;
}

/** Everything the checks need, read in parallel. */
export async function preflight(args: DeployArgs, app: AppConfig, ports: PreflightPorts): Promise<Preflight> {
  const group = app.codedeploy.groups[args.env];
  if (!group)
    throw new KnownFailure(
      `\`${args.app}\` has no CodeDeploy group in \`${args.env}\`.`,
      'Add it under apps.<app>.codedeploy.groups in the configuration.',
    );
  const { application } = app.codedeploy;
  const [revision, lock, active, alarms] = await Promise.all([
    resolveRevision(app, application, args.revision, ports.control),
    ports.locks.get(args.app, args.env),
    ports.deployments.active(application, group),
    app.alarmPrefix ? ports.alarms.firing(app.alarmPrefix) : Promise.resolve([]),
  ]);
  return { revision, revisionLabel: revisionLabel(app, revision.key) ?? revision.key, lock, active, alarms };
}

export type Verdict =
  | { kind: 'refuse'; reason: string; next: string }
  | { kind: 'gate'; gate: 'confirmation' | 'approval'; grants: string[] }
  | { kind: 'go'; notice?: string };

/** The freeze at the time of the decision, and the break-glass reason when `override` was typed. */
export interface FreezeInput {
  state: FreezeState;
  override: string | undefined;
  now: Date;
  /** `web prod`: named in the refusal. */
  scope: string;
  /** What to type to break the glass: `/deploy web prod v42 override <reason>`. */
  overrideCommand: string;
}

/** A freeze refuses a deploy unless it is overridden; an approved override is pinned to the freeze it breaks. */
function freezeVerdict(freeze: FreezeInput, granted: string[], approved: boolean): Verdict | undefined {
  const run = freeze.state.active;
  if (!run) return undefined;
  const until = freezeEnd(run, freeze.state.timeZone, freeze.now);
  const why = escape(freezeReason(freeze.state.current));
  if (!freeze.override) {
    return {
      kind: 'refuse',
      reason: `\`${freeze.scope}\` is frozen: ${why}. Deploys are allowed again ${until}.`,
      next: `Wait until then, or break glass: \`${escape(freeze.overrideCommand)}\` asks an approver to let it through. \`/rollback\` always goes through.`,
    };
  }
  if (approved && !granted.includes(freezePin(run))) {
    return {
      kind: 'refuse',
      reason: `\`${freeze.scope}\` is frozen (${why}, until ${until}), and the approval given was not for breaking this freeze.`,
      next: `Run it again with \`override <reason>\` to ask for that.`,
    };
  }
  return undefined;
}

/** Grants a person gave at a gate: firing alarms accepted, and the exact revision they saw. */
export const ALARMS_ACCEPTED = 'alarms-firing';
export const pinnedRevision = (key: string) => `revision:${key}`;

/**
 * The deploy safety rules: someone else's lock refuses; a running deployment refuses (CodeDeploy runs one per group
 * at a time: https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html); firing alarms need an explicit
 * "Deploy anyway"; protected environments need a second person; what was approved is what is deployed.
 */
export function verdict(
  check: Preflight,
  actor: string,
  env: EnvironmentConfig,
  grant: { approvedBy?: string; confirmedBy?: string; grants: string[] } | undefined,
  ownRef: string,
  freeze: FreezeInput,
): Verdict {
  // This job's own deployment, started by an earlier attempt that crashed: carry on and give it its message.
  if (check.active && startedBy(check.active.description, ownRef)) return { kind: 'go' };
  if (check.lock && check.lock.owner !== actor) {
    const { app, env: envName, owner, since, until, reason } = check.lock;
    const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const ownLock = isBlueshiftLock(check.lock);
    return {
      kind: 'refuse',
      reason: `\`${app} ${envName}\` is locked by ${ownLock ? '*blueshift*' : `<@${owner}>`} since ${utc(since)}${until ? ` until ${utc(until)}` : ''}: ${escape(reason || 'no reason given')}.`,
      next: ownLock
        ? `Once it is fixed, \`/deploy unlock ${app} ${envName}\` lifts it.`
        : `Ask <@${owner}> to \`/deploy unlock ${app} ${envName}\` when it is safe, or request a take-over with \`/deploy lock ${app} ${envName}\`.`,
    };
  }
  if (check.active) {
    return {
      kind: 'refuse',
      reason: `deployment \`${check.active.id}\` is already ${check.active.status} in this group (one at a time).`,
      next: 'Wait for it to finish, or stop it with `/rollback`.',
    };
  }
  const pin = pinnedRevision(check.revision.key);
  const granted = grant?.grants ?? [];
  if (grant && granted.some((g) => g.startsWith('revision:')) && !granted.includes(pin)) {
    return {
      kind: 'refuse',
      reason: `"latest" now means \`${check.revisionLabel}\`, not the revision that was confirmed.`,
      next: 'Run the command again to deploy the new revision.',
    };
  }
  const frozen = freezeVerdict(freeze, granted, Boolean(grant?.approvedBy));
  if (frozen) return frozen;
  const run = freeze.state.active;
  // Breaking a freeze needs an approver, even where the environment is not protected.
  const overriding = run !== undefined && freeze.override !== undefined;
  const pins = overriding ? [pin, freezePin(run)] : [pin];
  if (check.alarms.length && !granted.includes(ALARMS_ACCEPTED))
    return { kind: 'gate', gate: 'confirmation', grants: [ALARMS_ACCEPTED, ...pins] };
  if ((env.protected || overriding) && !grant?.approvedBy) return { kind: 'gate', gate: 'approval', grants: pins };
  if (freeze.override && !run)
    return {
      kind: 'go',
      notice: `No freeze is in force on \`${freeze.scope}\`, so \`override\` was not needed: this deploy went through the usual rules.`,
    };
  return { kind: 'go' };
}
