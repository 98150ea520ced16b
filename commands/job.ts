import * as z from 'zod';
import { SLASH_COMMANDS } from './spec';

/**
 * The SQS message the `slack` function hands to the `worker`. Only already-validated requests become jobs;
 * the worker parses `text` again against the configuration it has (it may be newer).
 */
const actor = z.object({ id: z.string().min(1), name: z.string().min(1) });

export const commandJob = z.object({
  kind: z.literal('command'),
  /** Idempotency key: a job delivered twice runs once. */
  id: z.string().min(1).max(128),
  command: z.enum(SLASH_COMMANDS),
  text: z.string(),
  actor,
  channel: z.string().min(1),
  responseUrl: z.url().optional(),
  requestedAt: z.string(),
});

/** A decision the slack function made alone (a refusal) that still has to be audited. */
export const auditJob = z.object({
  kind: z.literal('audit'),
  id: z.string().min(1).max(128),
  entry: z.object({
    at: z.string(),
    user: z.string(),
    command: z.string(),
    decision: z.enum(['allowed', 'refused', 'approved', 'rejected', 'expired', 'succeeded', 'failed']),
    detail: z.string(),
    env: z.string().optional(),
    app: z.string().optional(),
  }),
});

/** A button click; what it means is decided by the worker, which authorises the clicker again. */
export const actionJob = z.object({
  kind: z.literal('action'),
  id: z.string().min(1).max(128),
  /** The button's action_id: `request.approve`, `deployment.reroute`, `alarm.snooze-1h`… */
  action: z.string().min(1).max(255),
  /** The button's value: the id of the request, deployment or alarm episode it acts on. */
  value: z.string().max(2000),
  actor,
  channel: z.string().min(1),
  messageTs: z.string().optional(),
  /** The thread the clicked message is a reply in: answers go to that thread, not under the reply. */
  threadTs: z.string().max(32).optional(),
  responseUrl: z.url().optional(),
  requestedAt: z.string(),
  /**
   * The clicked message as Slack sent it, when the slack function marked it ("⏳ … requested by …"): a refusal puts
   * the message back, from its record when it is the message of what the button names, else as it was.
   */
  marked: z.object({ text: z.string(), blocks: z.array(z.unknown()) }).optional(),
});

/**
 * One look of a deployment's watch after Reroute (handlers/deploy/watch.ts): sent delayed by 30 seconds, again and
 * again until the watch ends. `tick` is the look's number, so a redelivered look runs once.
 */
export const watchJob = z.object({
  kind: z.literal('watch'),
  id: z.string().min(1).max(128),
  deploymentId: z.string().min(1).max(64),
  tick: z.number().int().nonnegative(),
});

/**
 * One look at the answers to "What is using the CPU" (handlers/credits/look-processes.ts): sent delayed by a few
 * seconds, again until every asked instance answered or the looks are used up. `tick` makes each look run once.
 */
export const processLookJob = z.object({
  kind: z.literal('process-look'),
  id: z.string().min(1).max(128),
  /** The question's id: the click's job id. */
  question: z.string().min(1).max(128),
  tick: z.number().int().nonnegative(),
});

/** One look at a configured runbook's run (handlers/runbooks/follow.ts), until it ends; `tick` runs each look once. */
export const runbookLookJob = z.object({
  kind: z.literal('runbook-look'),
  id: z.string().min(1).max(128),
  /** The run's id: the click's job id. */
  run: z.string().min(1).max(128),
  tick: z.number().int().nonnegative(),
});

/**
 * One look at the instance refreshes a move to a bigger type started (handlers/credits/follow-refresh.ts), until
 * they end. `change` is the move's id (the click's job id) on the app's change record; `tick` runs each look once.
 */
export const refreshLookJob = z.object({
  kind: z.literal('refresh-look'),
  id: z.string().min(1).max(128),
  env: z.string().min(1).max(32),
  app: z.string().min(1).max(32),
  change: z.string().min(1).max(128),
  tick: z.number().int().nonnegative(),
});

/** What people said yes to at a gate, carried by a CI deployment approved in Slack (handlers/jobs/outcome.ts Grant). */
const grant = z.object({
  requestId: z.string().min(1).max(64),
  confirmedBy: z.string().min(1).optional(),
  approvedBy: z.string().min(1).optional(),
  grants: z.array(z.string().max(1100)).max(10),
});

/**
 * A CI deployment request (`POST /ci/deployments`, docs/decisions/0022) for the worker: /deploy's executor runs it
 * as the CI role. `request` is the CI request's id in the state table, which holds what was asked; `grant` is set
 * when it runs again after an approver approved it in Slack.
 */
export const ciDeployJob = z.object({
  kind: z.literal('ci-deploy'),
  id: z.string().min(1).max(128),
  request: z.string().regex(/^ci-[0-9a-f]{20}$/),
  actor,
  requestedAt: z.string(),
  grant: grant.optional(),
});

export const job = z.discriminatedUnion('kind', [
  commandJob,
  auditJob,
  actionJob,
  watchJob,
  ciDeployJob,
  processLookJob,
  runbookLookJob,
  refreshLookJob,
]);

export type CommandJob = z.infer<typeof commandJob>;
export type AuditJob = z.infer<typeof auditJob>;
export type ActionJob = z.infer<typeof actionJob>;
export type WatchJob = z.infer<typeof watchJob>;
export type CiDeployJob = z.infer<typeof ciDeployJob>;
export type ProcessLookJob = z.infer<typeof processLookJob>;
export type RunbookLookJob = z.infer<typeof runbookLookJob>;
export type RefreshLookJob = z.infer<typeof refreshLookJob>;
export type Job = z.infer<typeof job>;

/** The jobs queue, as the slack function sees it (lib/aws/sqs.ts implements it). */
export interface JobQueue {
  /** `delaySeconds` (at most 900, SQS's limit) holds the job back before the worker can receive it. */
  send(job: Job, options?: { delaySeconds?: number }): Promise<void>;
}
