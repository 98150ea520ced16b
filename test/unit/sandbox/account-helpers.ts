import { simulateAccount, type SimulatedAccount } from '../../../sandbox/aws/account';

/** Fast enough for CI: a whole blue/green deployment takes well under a second. */
export const STEP_MS = 5;
export const REGION = 'ap-northeast-2';

export interface Watched {
  account: SimulatedAccount;
  /** Every event the account emitted, in order. */
  events: Record<string, unknown>[];
}

export function watchedAccount(): Watched {
  const account = simulateAccount({ account: '111111111111', region: REGION, stepMs: STEP_MS });
  const events: Record<string, unknown>[] = [];
  account.onEvent((event) => {
    events.push(event as Record<string, unknown>);
  });
  return { account, events };
}

/** `Deployment READY`, `Instance START i-0…`: an event as a line. */
export function describeEvent(event: Record<string, unknown>): string {
  const detail = event.detail as { state?: string; instanceId?: string; deploymentId?: string };
  const kind = String(event['detail-type']).split(' ')[1] ?? '?';
  return [kind, detail.state, detail.instanceId].filter(Boolean).join(' ');
}

/** Polls until `check` holds (it may be async), failing after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
}
