import type { InstanceTarget } from '@aws-sdk/client-codedeploy';
import type { DeploymentState } from './codedeploy-events';
import { HEALTH_CONSTRAINTS, type SimulatedDeployment } from './codedeploy-model';

/**
 * The steps a test moves a deployment through by hand (test/integration/deploy*.test.ts), on the three fixed
 * targets a hand-driven deployment has: two green instances and one blue.
 */
export type Step = 'start' | 'installed' | 'rerouting' | 'termination-wait' | 'succeeded' | 'fail-after-install';

const STATES: Record<Step, DeploymentState> = {
  start: 'START',
  installed: 'READY',
  rerouting: 'START',
  'termination-wait': 'START',
  succeeded: 'SUCCESS',
  'fail-after-install': 'FAILURE',
};

function set(target: InstanceTarget | undefined, status: InstanceTarget['status']): void {
  if (target) target.status = status;
}

/** Applies the step to the deployment and returns the state its EventBridge event carries. */
export function advanceByHand(deployment: SimulatedDeployment, step: Step, now: Date): DeploymentState {
  const { info, targets } = deployment;
  const [green1, green2, blue] = targets;
  if (step === 'start') {
    info.status = 'InProgress';
    set(green1, 'InProgress');
    set(green2, 'InProgress');
  }
  if (step === 'installed') {
    info.status = 'Ready';
    set(green1, 'Ready');
    set(green2, 'Ready');
  }
  if (step === 'rerouting') {
    info.status = 'InProgress';
    set(green1, 'Succeeded');
    set(green2, 'Succeeded');
  }
  if (step === 'termination-wait') {
    info.instanceTerminationWaitTimeStarted = true;
    if (blue) blue.lifecycleEvents = [{ lifecycleEventName: 'BlockTraffic', status: 'Succeeded' }];
  }
  if (step === 'succeeded') {
    info.status = 'Succeeded';
    info.completeTime = now;
    set(blue, 'Succeeded');
  }
  if (step === 'fail-after-install') {
    info.status = 'Failed';
    info.completeTime = now;
    info.errorInformation = { ...HEALTH_CONSTRAINTS };
    set(green1, 'Failed');
    if (green1) {
      green1.lifecycleEvents = [
        {
          lifecycleEventName: 'AfterInstall',
          status: 'Failed',
          diagnostics: {
            errorCode: 'ScriptFailed',
            scriptName: 'scripts/migrate.sh',
            message: 'Script at specified location: scripts/migrate.sh run as user root failed with exit code 1',
            logTail: '[stderr]django.db.utils.OperationalError: could not connect to server: Connection refused',
          },
        },
      ];
    }
  }
  return STATES[step];
}

/** The targets of a deployment driven by hand, there from its creation. */
export function handTargets(deploymentId: string): InstanceTarget[] {
  const target = (id: string, label: 'Blue' | 'Green'): InstanceTarget => ({
    deploymentId,
    targetId: id,
    instanceLabel: label,
    status: 'Pending',
    lastUpdatedAt: new Date(),
    lifecycleEvents: [],
  });
  return [
    target('i-0green000000001', 'Green'),
    target('i-0green000000002', 'Green'),
    target('i-0blue0000000001', 'Blue'),
  ];
}
