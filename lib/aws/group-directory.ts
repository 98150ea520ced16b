import { DescribeAutoScalingGroupsCommand, type AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { GroupDirectory } from '../../commands/fleet/ports';

// DescribeAutoScalingGroups takes at most 100 names per call (MaxRecords up to 100).
const NAMES_PER_CALL = 100;
const DELETING = 'Delete in progress';

/**
 * Which Auto Scaling groups exist: the API returns the ones it knows and silently leaves out the rest. A group
 * being deleted (Status "Delete in progress", as CodeDeploy's ForceDelete of the blue group leaves it for a while)
 * counts as gone: it will get no more datapoints either.
 */
export function autoScalingGroupDirectory(client: AutoScalingClient): GroupDirectory {
  return {
    existing: async (names) => {
      const unique = [...new Set(names)];
      const found = new Set<string>();
      for (let i = 0; i < unique.length; i += NAMES_PER_CALL) {
        let NextToken: string | undefined;
        do {
          const page = await client.send(
            new DescribeAutoScalingGroupsCommand({
              AutoScalingGroupNames: unique.slice(i, i + NAMES_PER_CALL),
              MaxRecords: 100,
              NextToken,
            }),
          );
          for (const group of page.AutoScalingGroups ?? []) {
            if (group.AutoScalingGroupName && group.Status !== DELETING) found.add(group.AutoScalingGroupName);
          }
          NextToken = page.NextToken;
        } while (NextToken);
      }
      return found;
    },
  };
}
