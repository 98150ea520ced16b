import type { RollbackPlan } from './rollback';

/** The lock a rollback leaves (lockAfterRollback): what it says, so nobody redeploys the bad revision unawares. */
export function rollbackLockReason(plan: RollbackPlan): string {
  return `rolled back ${plan.mode === 'stop' ? plan.label : plan.fromLabel}: unlock when fixed`;
}
