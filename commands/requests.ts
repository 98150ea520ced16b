/**
 * Requests waiting for a person: the requester's confirmation of a preview, or a second person's approval on
 * a protected environment (docs/decisions/0007). lib/state/requests.ts stores them.
 */

export type RequestGate = 'confirmation' | 'approval';
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'expired';

export interface PendingRequest {
  id: string;
  gate: RequestGate;
  status: RequestStatus;
  /** What was typed, e.g. `/deploy web prod v42`. */
  command: string;
  /** The queued command job (JSON) that runs once the request is approved. */
  job: string;
  env: string;
  app: string | undefined;
  /** One line: what will happen. */
  summary: string;
  requestedBy: string;
  createdAt: Date;
  deadline: Date;
  /** Set once the requester confirmed (an approval that follows a confirmation carries it). */
  confirmedBy: string | undefined;
  /** Extra gate-specific data, e.g. the override of firing alarms the requester accepted. */
  grants: string[];
  /**
   * When set, the yes is one of these grants, picked by whoever confirms or approves (e.g. when a move to a bigger
   * type takes effect): each is its own button, and the pick joins `grants`.
   */
  choices?: string[];
  decidedBy: string | undefined;
  decidedAt: Date | undefined;
  /** The message showing the request, to edit when it is decided or expires. */
  message: { channel: string; ts: string } | undefined;
}

export type DecideOutcome =
  { decided: true; request: PendingRequest } | { decided: false; current: PendingRequest | undefined };

export interface RequestStore {
  create(request: PendingRequest): Promise<void>;
  get(id: string): Promise<PendingRequest | undefined>;
  /**
   * Moves a pending request to `status` once: two approvers clicking together get one `decided: true`. The
   * same job deciding again (an SQS redelivery) gets `decided: true` too, so it can finish what it started.
   */
  decide(
    id: string,
    status: Exclude<RequestStatus, 'pending'>,
    by: string,
    at: Date,
    jobId: string,
  ): Promise<DecideOutcome>;
  attachMessage(id: string, channel: string, ts: string): Promise<void>;
  /** Pending requests whose deadline has passed. */
  listOverdue(now: Date): Promise<PendingRequest[]>;
}
