import { conditionHolds, DAY_MS, ttlSeconds, type Condition, type Table, type TableKey } from './table';

/** What a delivery of a job found: it may run it, it already ran, or another worker is running it now. */
export type ClaimOutcome = 'claimed' | 'done' | 'running';

/**
 * Idempotency for SQS jobs, which may be delivered more than once: a worker claims a job for a lease before
 * running it, marks it done after, or releases it so a retry can run.
 */
export interface JobLedger {
  claim(jobId: string, leaseMs: number): Promise<ClaimOutcome>;
  /** Marks the job done, keeping its outcome text. */
  complete(jobId: string, outcome: string): Promise<void>;
  /** Drops a running claim so a redelivery can run the job; a finished job stays finished. */
  release(jobId: string): Promise<void>;
  /**
   * Whether an earlier delivery of the job already did `step` (its answer, its audit line), and `did` to say so: a
   * job redelivered after it answered (it timed out, or failed marking itself done) does not answer again.
   */
  done(jobId: string, step: string): Promise<boolean>;
  did(jobId: string, step: string): Promise<void>;
}

/** Long enough to outlive every SQS retry and the dead-letter queue's redrive window. */
const KEEP_MS = 7 * DAY_MS;

function jobKey(jobId: string): TableKey {
  return { pk: `JOB#${jobId}`, sk: 'JOB' };
}

function stepKey(jobId: string, step: string): TableKey {
  return { pk: `JOB#${jobId}`, sk: `STEP#${step}` };
}

/** Nobody has the job, or the worker that did crashed or timed out and let its lease run out. */
function claimable(at: Date): Condition {
  return {
    expression: 'attribute_not_exists(pk) OR (#status = :running AND #leaseUntil < :now)',
    names: { '#status': 'status', '#leaseUntil': 'leaseUntil' },
    values: { ':running': 'running', ':now': at.toISOString() },
  };
}

export function jobLedger(table: Table, now: () => Date = () => new Date()): JobLedger {
  return {
    claim: async (jobId, leaseMs) => {
      const at = now();
      const claimed = await conditionHolds(
        table.put(
          {
            ...jobKey(jobId),
            jobId,
            status: 'running',
            claimedAt: at.toISOString(),
            leaseUntil: new Date(at.getTime() + leaseMs).toISOString(),
            expiresAt: ttlSeconds(at, KEEP_MS),
          },
          claimable(at),
        ),
      );
      if (claimed) return 'claimed';
      const existing = await table.get(jobKey(jobId));
      // Absent here means it was released in between; 'running' makes SQS redeliver, and that delivery claims it.
      return existing?.status === 'done' ? 'done' : 'running';
    },
    complete: async (jobId, outcome) => {
      const at = now();
      await table.update(jobKey(jobId), {
        set: { jobId, status: 'done', outcome, completedAt: at.toISOString(), expiresAt: ttlSeconds(at, KEEP_MS) },
        remove: ['leaseUntil'],
      });
    },
    done: async (jobId, step) => (await table.get(stepKey(jobId, step))) !== undefined,
    did: async (jobId, step) => {
      const at = now();
      await table.put({ ...stepKey(jobId, step), doneAt: at.toISOString(), expiresAt: ttlSeconds(at, KEEP_MS) });
    },
    release: async (jobId) => {
      // A failed condition means nothing to release (never claimed, or already done): the state release aims for.
      await conditionHolds(
        table.delete(jobKey(jobId), {
          expression: '#status = :running',
          names: { '#status': 'status' },
          values: { ':running': 'running' },
        }),
      );
    },
  };
}
