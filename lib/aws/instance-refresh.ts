import {
  DescribeInstanceRefreshesCommand,
  InstanceRefreshInProgressFault,
  StartInstanceRefreshCommand,
  type AutoScalingClient,
  type InstanceRefresh,
} from '@aws-sdk/client-auto-scaling';
import type { InstanceRefreshes, RefreshState } from '../../commands/credits/ports';

// InstanceRefreshStatus (Auto Scaling API): which statuses are final, and which of those is the success.
const ENDED = new Set(['Successful', 'Failed', 'Cancelled', 'RollbackFailed', 'RollbackSuccessful']);
const ACTIVE = new Set(['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress', 'Baking']);

function stateOf(refresh: InstanceRefresh): RefreshState {
  const status = refresh.Status ?? 'Pending';
  return {
    id: refresh.InstanceRefreshId ?? '?',
    status,
    ...(refresh.PercentageComplete !== undefined ? { percentage: refresh.PercentageComplete } : {}),
    ...(refresh.StatusReason ? { reason: refresh.StatusReason } : {}),
    ended: ENDED.has(status),
    succeeded: status === 'Successful',
  };
}

/** The InstanceRefreshes port over an Auto Scaling client of the environment's account. */
export function instanceRefreshes(autoscaling: AutoScalingClient): InstanceRefreshes {
  return {
    async start(group) {
      try {
        // No desired configuration: the group already names the new version, so a rolling refresh launches it,
        // with the group's own preferences (minimum healthy percentage, warm-up).
        const { InstanceRefreshId } = await autoscaling.send(
          new StartInstanceRefreshCommand({ AutoScalingGroupName: group, Strategy: 'Rolling' }),
        );
        if (!InstanceRefreshId) throw new Error('StartInstanceRefresh returned no refresh id');
        return { id: InstanceRefreshId, adopted: false };
      } catch (error) {
        if (!(error instanceof InstanceRefreshInProgressFault)) throw error;
        const { InstanceRefreshes } = await autoscaling.send(
          new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: group, MaxRecords: 10 }),
        );
        const active = InstanceRefreshes?.find((refresh) => ACTIVE.has(refresh.Status ?? ''));
        if (!active?.InstanceRefreshId) throw error;
        return { id: active.InstanceRefreshId, adopted: true };
      }
    },
    async describe(group, id) {
      const { InstanceRefreshes } = await autoscaling.send(
        new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: group, InstanceRefreshIds: [id] }),
      );
      const found = InstanceRefreshes?.find((refresh) => refresh.InstanceRefreshId === id);
      return found ? stateOf(found) : undefined;
    },
  };
}
