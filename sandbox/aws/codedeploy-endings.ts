import type { InstanceTarget } from '@aws-sdk/client-codedeploy';
import type { CodeDeployWorld } from './codedeploy';
import {
  BLUE_HOOKS,
  GREEN_INSTALL,
  GREEN_START,
  GREEN_TRAFFIC,
  HEALTH_CONSTRAINTS,
  MIGRATION_FAILURE,
  blueTargets,
  greenTargets,
  rollsBackOnAlarm,
  runHooks,
  touch,
  type SimulatedDeployment,
} from './codedeploy-model';

/** How a simulated deployment ends: succeeded, failed in AfterInstall, or stopped; and the rollback that follows. */

const UNFINISHED = new Set(['Pending', 'InProgress', 'Ready', 'Unknown']);

function skipRest(targets: InstanceTarget[], now: Date): void {
  for (const target of targets.filter((t) => UNFINISHED.has(t.status ?? 'Pending'))) {
    const pending = (target.lifecycleEvents ?? [])
      .filter((e) => e.status !== 'Succeeded')
      .map((e) => e.lifecycleEventName ?? '');
    runHooks(target, pending, 'Skipped', now);
    target.status = 'Skipped';
  }
}

function finish(deployment: SimulatedDeployment, status: 'Succeeded' | 'Failed' | 'Stopped', now: Date): void {
  Object.assign(deployment.info, { status, completeTime: now });
  touch(deployment);
}

/** Traffic on green, blue terminated: the blue targets succeed and the deployment with them. */
export function succeed(deployment: SimulatedDeployment, now: Date): void {
  for (const target of blueTargets(deployment)) {
    runHooks(target, BLUE_HOOKS, 'Succeeded', now);
    target.status = 'Succeeded';
  }
  finish(deployment, 'Succeeded', now);
}

/** The first green instance's migration fails in AfterInstall; the rest is skipped and the deployment fails. */
export function failAfterInstall(deployment: SimulatedDeployment, target: InstanceTarget, now: Date): void {
  const afterInstall = target.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AfterInstall');
  if (afterInstall)
    Object.assign(afterInstall, {
      status: 'Failed',
      startTime: new Date(now.getTime() - 9_000),
      endTime: now,
      diagnostics: { ...MIGRATION_FAILURE },
    });
  target.status = 'Failed';
  target.lastUpdatedAt = now;
  skipRest(deployment.targets, now);
  deployment.info.errorInformation = { ...HEALTH_CONSTRAINTS };
  finish(deployment, 'Failed', now);
}

export type StopCause = { reason: 'request' | 'ready-timeout' } | { reason: 'alarm'; alarms: string[] };

/**
 * The errorInformation of a stopped deployment. ALARM_ACTIVE's message is as real responses show it (not in
 * the AWS documentation), the activated alarms' names space-separated.
 */
function stopError(cause: StopCause): { code: 'MANUAL_STOP' | 'TIMEOUT' | 'ALARM_ACTIVE'; message: string } {
  if (cause.reason === 'alarm') {
    return {
      code: 'ALARM_ACTIVE',
      message: `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: ${cause.alarms.join(' ')}`,
    };
  }
  return cause.reason === 'request'
    ? { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user request.' }
    : {
        code: 'TIMEOUT',
        message:
          'The deployment was stopped because traffic was not rerouted to the replacement instances before the wait time ended.',
      };
}

export function stop(deployment: SimulatedDeployment, cause: StopCause, now: Date): void {
  skipRest(deployment.targets, now);
  deployment.info.errorInformation = stopError(cause);
  finish(deployment, 'Stopped', now);
}

/** Why an automatic rollback after a stop was started, for its rollbackMessage. */
export function stopReason(cause: StopCause): string {
  if (cause.reason === 'alarm')
    return `${cause.alarms.length === 1 ? 'alarm' : 'alarms'} ${cause.alarms.join(', ')} stopped the deployment`;
  return cause.reason === 'request'
    ? 'the deployment was stopped by a user request'
    : 'nobody rerouted traffic in time';
}

/**
 * CodeDeploy stops a deployment because alarms of its group are in ALARM (ALARM_ACTIVE), and rolls it back when the
 * group's automatic rollback covers DEPLOYMENT_STOP_ON_ALARM. Returns the rollback, if one started.
 */
export function stopForAlarms(
  world: CodeDeployWorld,
  deployment: SimulatedDeployment,
  alarms: string[],
  now: Date,
): SimulatedDeployment | undefined {
  const cause: StopCause = { reason: 'alarm', alarms };
  stop(deployment, cause, now);
  return rollsBackOnAlarm(deployment) ? startRollback(world, deployment, stopReason(cause)) : undefined;
}

/**
 * CodeDeploy's automatic rollback: a new deployment of the last good revision, created by codeDeployRollback
 * and linked both ways through rollbackInfo. None without a previous revision to go back to.
 */
export function startRollback(
  world: CodeDeployWorld,
  deployment: SimulatedDeployment,
  why: string,
): SimulatedDeployment | undefined {
  const { info } = deployment;
  if (!info.previousRevision?.s3Location?.key) {
    info.rollbackInfo = {
      rollbackMessage: `No rollback: ${info.deploymentGroupName ?? 'the group'} has no earlier successful revision.`,
    };
    return undefined;
  }
  const rollback = world.create(
    {
      applicationName: info.applicationName,
      deploymentGroupName: info.deploymentGroupName,
      revision: info.previousRevision,
      description: `Rollback of ${info.deploymentId ?? ''}`,
    },
    'codeDeployRollback',
  );
  const rollbackId = rollback.info.deploymentId ?? '';
  info.rollbackInfo = {
    rollbackDeploymentId: rollbackId,
    rollbackMessage: `Automatic rollback ${rollbackId} was started because ${why}.`,
  };
  rollback.info.rollbackInfo = { rollbackTriggeringDeploymentId: info.deploymentId };
  return rollback;
}

/** Green took over: every replacement instance finishes its traffic hooks; blue's traffic is blocked. */
export function reroute(deployment: SimulatedDeployment, now: Date): void {
  for (const target of greenTargets(deployment)) {
    runHooks(target, GREEN_TRAFFIC, 'Succeeded', now);
    target.status = 'Succeeded';
  }
  for (const target of blueTargets(deployment)) {
    runHooks(target, BLUE_HOOKS, 'Succeeded', now);
    target.status = 'InProgress';
  }
  deployment.info.instanceTerminationWaitTimeStarted = true;
  deployment.info.status = 'InProgress';
  touch(deployment);
}

/** One green instance starts installing: the hooks up to Install run, AfterInstall is next. */
export function beginInstall(target: InstanceTarget, now: Date): void {
  runHooks(target, GREEN_INSTALL, 'Succeeded', now);
  target.status = 'InProgress';
  const afterInstall = target.lifecycleEvents?.find((e) => e.lifecycleEventName === 'AfterInstall');
  if (afterInstall) Object.assign(afterInstall, { status: 'InProgress', startTime: now });
}

/** The rest of the install hooks pass: the instance is Ready for traffic. */
export function finishInstall(target: InstanceTarget, now: Date): void {
  runHooks(target, GREEN_START, 'Succeeded', now);
  target.status = 'Ready';
}
