import { z } from 'zod';
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
  responseUrl: z.url().optional(),
  requestedAt: z.string(),
});

export const job = z.discriminatedUnion('kind', [commandJob, auditJob, actionJob]);

export type CommandJob = z.infer<typeof commandJob>;
export type AuditJob = z.infer<typeof auditJob>;
export type ActionJob = z.infer<typeof actionJob>;
export type Job = z.infer<typeof job>;

/** The jobs queue, as the slack function sees it (lib/aws/sqs.ts implements it). */
export interface JobQueue {
  send(job: Job): Promise<void>;
}
