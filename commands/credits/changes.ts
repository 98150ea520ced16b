import type { CreditMode } from '../alarms/throttling';

/**
 * One switch of an app's fleet in an environment between credit modes, from the click until it is done: claimed
 * once (a double click, or a click while another switch waits for approval, is told who has it), then applied step
 * by step, each step's result kept so a redelivery neither repeats it nor forgets what it said (lib/state).
 */
export type CreditChangeStatus = 'asked' | 'applying' | 'done' | 'partial' | 'failed';

export interface CreditChange {
  env: string;
  app: string;
  /** The click's job id: the approved click runs again under it. */
  id: string;
  /** The credit mode switched to, or `type`: a move to a bigger instance type (`instanceType`). */
  mode: CreditMode | 'type';
  /** The type a move goes to. */
  instanceType?: string;
  status: CreditChangeStatus;
  requestedBy: string;
  at: Date;
  /** The approval request, on a protected environment. */
  requestId?: string;
  /** Each step done, by name, with its result (JSON). */
  steps: Record<string, string>;
}

export interface CreditChanges {
  get(env: string, app: string): Promise<CreditChange | undefined>;
  /**
   * Takes the app's switch for this change: only when there is none, or the one there is `expected` (its id), read
   * just before and judged finished or abandoned. False when someone else's got there first.
   */
  claim(change: CreditChange, expected: string | undefined): Promise<boolean>;
  update(
    env: string,
    app: string,
    id: string,
    change: { status?: CreditChangeStatus; requestId?: string; step?: { name: string; result: string } },
  ): Promise<void>;
}

/** What a change does, in words: "switch to unlimited credits", "move to t3.small". */
export function changeWords(change: Pick<CreditChange, 'mode' | 'instanceType'>): string {
  return change.mode === 'type'
    ? `move to ${change.instanceType ?? 'a bigger type'}`
    : `switch to ${change.mode} credits`;
}

/**
 * How long a change being applied holds the app's claim at most, from its click: the approval's 30 minutes, a
 * refresh followed for two hours (handlers/credits/follow-refresh.ts), and margin. Past it, a change whose follow-up
 * died (its jobs dead-lettered) no longer blocks the next one.
 */
export const APPLYING_HOLDS_MS = 3 * 60 * 60_000;

/** Whether a change in this state still holds the app's switch (a new one must wait or be refused). */
export function holdsTheSwitch(change: CreditChange, requestStatus: string | undefined, now: Date): boolean {
  if (change.status === 'applying') return now.getTime() - change.at.getTime() < APPLYING_HOLDS_MS;
  if (change.status === 'asked')
    return requestStatus === undefined || requestStatus === 'pending' || requestStatus === 'approved';
  return false;
}
