import {
  BatchGetDeploymentTargetsCommand,
  ListDeploymentTargetsCommand,
  type CodeDeployClient,
  type InstanceTarget,
  type LifecycleEvent,
} from '@aws-sdk/client-codedeploy';
import type { InstanceProgress, LifecycleFailure } from '../../commands/deploy/ports';
import { chunks } from './codedeploy-control-detail';
import { isNamed } from './codedeploy-errors';

// BatchGetDeploymentTargets accepts at most 25 target IDs per call.
const BATCH_SIZE = 25;

async function listTargetIds(
  client: CodeDeployClient,
  deploymentId: string,
  targetFilters?: Record<string, string[]>,
): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListDeploymentTargetsCommand({ deploymentId, targetFilters, nextToken }));
    ids.push(...(page.targetIds ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

/** The deployment's EC2 targets (other target kinds do not occur in EC2 groups); none before it has started. */
async function instanceTargets(
  client: CodeDeployClient,
  deploymentId: string,
  targetFilters?: Record<string, string[]>,
): Promise<InstanceTarget[]> {
  try {
    const ids = await listTargetIds(client, deploymentId, targetFilters);
    const pages = await Promise.all(
      chunks(ids, BATCH_SIZE).map((targetIds) =>
        client.send(new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds })),
      ),
    );
    return pages
      .flatMap((page) => page.deploymentTargets ?? [])
      .flatMap((target) => (target.instanceTarget ? [target.instanceTarget] : []));
  } catch (err) {
    // Queued or still provisioning: there are no targets yet, which is not a failure.
    if (isNamed(err, 'DeploymentNotStartedException')) return [];
    throw err;
  }
}

const blockedTraffic = (target: InstanceTarget): boolean =>
  (target.lifecycleEvents ?? []).some(
    (event) => event.lifecycleEventName === 'BlockTraffic' && event.status === 'Succeeded',
  );

/**
 * Counts by blue/green label. Green: Succeeded and Ready both count as succeeded (Ready means the revision is
 * installed and the instance waits for traffic, so "3/4 installed" keeps counting up through the ready wait);
 * Pending, InProgress and Unknown count as in progress; Skipped instances take no part and are left out.
 * Blue: every original instance, and those whose BlockTraffic finished (they are out of the load balancer).
 * Targets without a label (in-place deployments) are not counted: blueshift's progress story is blue/green.
 */
export function countInstances(targets: InstanceTarget[]): InstanceProgress {
  const progress: InstanceProgress = {
    green: { total: 0, succeeded: 0, failed: 0, inProgress: 0 },
    blue: { total: 0, trafficBlocked: 0 },
  };
  for (const target of targets) {
    if (target.instanceLabel === 'Blue') {
      progress.blue.total += 1;
      if (blockedTraffic(target)) progress.blue.trafficBlocked += 1;
      continue;
    }
    if (target.instanceLabel !== 'Green' || target.status === 'Skipped') continue;
    progress.green.total += 1;
    if (target.status === 'Succeeded' || target.status === 'Ready') progress.green.succeeded += 1;
    else if (target.status === 'Failed') progress.green.failed += 1;
    else progress.green.inProgress += 1;
  }
  return progress;
}

export async function instanceProgress(client: CodeDeployClient, deploymentId: string): Promise<InstanceProgress> {
  return countInstances(await instanceTargets(client, deploymentId));
}

function toFailure(target: InstanceTarget, event: LifecycleEvent): LifecycleFailure {
  const diagnostics = event.diagnostics;
  return {
    instanceId: target.targetId ?? 'unknown instance',
    label: target.instanceLabel,
    hook: event.lifecycleEventName ?? 'unknown hook',
    errorCode: diagnostics?.errorCode,
    script: diagnostics?.scriptName,
    message: diagnostics?.message,
    logTail: diagnostics?.logTail,
  };
}

/** Every failed lifecycle hook of the failed instances, in CodeDeploy's order, with its diagnostics. */
export async function lifecycleFailures(client: CodeDeployClient, deploymentId: string): Promise<LifecycleFailure[]> {
  const failed = await instanceTargets(client, deploymentId, { TargetStatus: ['Failed'] });
  return failed.flatMap((target) =>
    (target.lifecycleEvents ?? [])
      .filter((event) => event.status === 'Failed')
      .map((event) => toFailure(target, event)),
  );
}
