import type { DeploymentLink } from '../deploy/ports';

/**
 * The deployment an alarm may be about (docs/decisions/0024): the newest one of the alarm's app and environment,
 * when it runs or ended within the environment's `alarmDeployWindow` of the alarm. Kept with the alarm's episode, so
 * every edit of its message shows the same.
 */
export interface DeployContext {
  deploymentId: string;
  kind: 'deploy' | 'rollback';
  app: string;
  env: string;
  /** `v42`. */
  revision: string;
  /** `v41`: what it replaced, when known. */
  previousRevision?: string;
  outcome: DeploymentLink['outcome'];
  /** When it ended, or (running) when it started. */
  at: string;
  /** Whole minutes from `at` to the alarm (0 when the alarm came first, as a late event can make it). */
  minutesBefore: number;
  /** Who asked for it: a Slack user, a CI role or blueshift (kit's `actor`). */
  requestedBy: string;
  /** Started outside Slack: CodeDeploy's creator (`user`, `codeDeployRollback`…), else undefined. */
  outside?: { creator?: string | undefined };
  /** Its progress message. */
  message?: { channel: string; ts: string };
  /**
   * Whether the message offers Roll back: a deployment (not itself a rollback) that is running or succeeded. The
   * button is `/rollback <app> <env>` typed by the clicker: its preview says what would really happen.
   */
  offerRollback: boolean;
}

/**
 * The deploy context of an alarm at `alarmAt` (when it fired), given the newest deployment record of its app and
 * environment and the environment's window; undefined when that deployment is unrelated: it started after the
 * alarm, or ended longer than `windowMs` before it. Pure: the record comes from the state table, not from AWS.
 */
export function deployContext(
  link: DeploymentLink | undefined,
  alarmAt: Date,
  windowMs: number,
): DeployContext | undefined {
  if (!link || link.startedAt.getTime() > alarmAt.getTime()) return undefined;
  const running = link.outcome === 'running';
  const at = running ? link.startedAt : (link.endedAt ?? link.lastEditAt ?? link.startedAt);
  const before = alarmAt.getTime() - at.getTime();
  if (!running && before > windowMs) return undefined;
  return {
    deploymentId: link.deploymentId,
    kind: link.kind,
    app: link.app,
    env: link.env,
    revision: link.revision,
    ...(link.previousRevision ? { previousRevision: link.previousRevision } : {}),
    outcome: link.outcome,
    at: at.toISOString(),
    minutesBefore: Math.max(0, Math.floor(before / 60_000)),
    requestedBy: link.requestedBy,
    ...(link.origin ? { outside: { creator: link.origin.creator } } : {}),
    ...(link.ts ? { message: { channel: link.channel, ts: link.ts } } : {}),
    offerRollback: link.kind === 'deploy' && (running || link.outcome === 'succeeded'),
  };
}
