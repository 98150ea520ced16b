import { DescribeInstanceInformationCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { AgentPing, AgentReader } from '../../commands/ports';

// MaxResults tops out at 50, so 50 IDs per filter usually fit in one page.
const CHUNK = 50;

async function pingChunk(client: SSMClient, instanceIds: string[], statuses: Map<string, AgentPing>): Promise<void> {
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeInstanceInformationCommand({
        Filters: [{ Key: 'InstanceIds', Values: instanceIds }],
        MaxResults: CHUNK,
        NextToken,
      }),
    );
    for (const info of page.InstanceInformationList ?? []) {
      if (info.InstanceId && info.PingStatus && statuses.has(info.InstanceId))
        statuses.set(info.InstanceId, info.PingStatus);
    }
    NextToken = page.NextToken; // "" on the last page
  } while (NextToken);
}

/**
 * SSM agent ping status per instance; SSM omits stopped, terminated and unmanaged nodes, so those are NotRegistered.
 */
export function ssmAgents(client: SSMClient): AgentReader {
  return {
    pingStatus: async (instanceIds) => {
      const unique = [...new Set(instanceIds)];
      const statuses = new Map<string, AgentPing>(unique.map((id) => [id, 'NotRegistered']));
      const chunks: string[][] = [];
      for (let i = 0; i < unique.length; i += CHUNK) chunks.push(unique.slice(i, i + CHUNK));
      await Promise.all(chunks.map((chunk) => pingChunk(client, chunk, statuses)));
      return statuses;
    },
  };
}
