import type { InstanceTarget, LifecycleEvent } from '@aws-sdk/client-codedeploy';
import type { CodeDeployWorld } from './codedeploy';
import { instanceEvent } from './codedeploy-events';
import { runHooks, touch, type SimulatedDeployment } from './codedeploy-model';

/**
 * Auto Scaling's deployments to a new instance (creator `autoscaling`), for hand-driven worlds (the tests): the
 * lifecycle hook CodeDeploy installed in the group makes it deploy the group's last successful revision to the
 * instance alone, in place; on failure Auto Scaling abandons the instance and launches another
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/integrations-aws-auto-scaling.html).
 */

/** The hooks of an in-place deployment to a fresh instance, in order (no traffic hooks without a load balancer). */
const IN_PLACE = ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart'];

/** What a failing ApplicationStart leaves in its diagnostics: the script, its exit and the end of its output. */
export const START_FAILURE: LifecycleEvent['diagnostics'] = {
  errorCode: 'ScriptFailed',
  scriptName: 'scripts/start.sh',
  message: 'Script at specified location: scripts/start.sh run as user root failed with exit code 1',
  logTail: [
    '[stdout]Starting gunicorn for edu-web',
    '[stderr]Error: could not reach the database at edu-db.internal:5432 within 60 s',
    '[stderr]gunicorn: worker failed to boot',
  ].join('\n'),
};

function target(deploymentId: string, instanceId: string, world: CodeDeployWorld): InstanceTarget {
  return {
    deploymentId,
    targetId: instanceId,
    targetArn: `arn:aws:ec2:${world.origin.region}:${world.origin.account}:instance/${instanceId}`,
    status: 'InProgress',
    lastUpdatedAt: world.now(),
    lifecycleEvents: IN_PLACE.map((name) => ({ lifecycleEventName: name, status: 'Pending' })),
  };
}

/** Auto Scaling launched `instanceId` into the deployment group's group: CodeDeploy deploys the last good revision. */
export function scaleOut(world: CodeDeployWorld, deploymentGroup: string, instanceId: string): SimulatedDeployment {
  const revision = world.lastSucceeded(deploymentGroup)?.info.revision ?? world.revisionLocation('web/v41.zip');
  const deployment = world.create(
    { applicationName: world.application, deploymentGroupName: deploymentGroup, revision },
    'autoscaling',
  );
  const id = deployment.info.deploymentId ?? '';
  Object.assign(deployment.info, {
    status: 'InProgress',
    startTime: world.now(),
    deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITHOUT_TRAFFIC_CONTROL' },
    blueGreenDeploymentConfiguration: undefined,
  });
  deployment.targets = [target(id, instanceId, world)];
  touch(deployment);
  return deployment;
}

/**
 * The scale-out deployment ends: every hook passes, or `failing` fails with `diagnostics` (the rest is skipped).
 * Returns the instance's EventBridge event, as CodeDeploy sends one per instance besides the deployment's.
 */
export function endScaleOut(
  world: CodeDeployWorld,
  deploymentId: string,
  result: 'succeeded' | 'failed',
  failing = 'ApplicationStart',
  diagnostics: LifecycleEvent['diagnostics'] = START_FAILURE,
): unknown {
  const deployment = world.get(deploymentId);
  const [instance] = deployment.targets;
  if (!instance) throw new Error(`${deploymentId} has no instance`);
  const now = world.now();
  const hooks = instance.lifecycleEvents ?? [];
  const upTo = result === 'succeeded' ? hooks.length : hooks.findIndex((e) => e.lifecycleEventName === failing);
  runHooks(
    instance,
    hooks.slice(0, upTo).map((e) => e.lifecycleEventName ?? ''),
    'Succeeded',
    now,
  );
  if (result === 'failed') {
    const failed = hooks[upTo];
    if (failed)
      Object.assign(failed, { status: 'Failed', startTime: now, endTime: now, diagnostics: { ...diagnostics } });
    runHooks(
      instance,
      hooks.slice(upTo + 1).map((e) => e.lifecycleEventName ?? ''),
      'Skipped',
      now,
    );
    deployment.info.errorInformation = {
      code: 'HEALTH_CONSTRAINTS',
      message:
        'The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.',
    };
  }
  instance.status = result === 'succeeded' ? 'Succeeded' : 'Failed';
  Object.assign(deployment.info, { status: result === 'succeeded' ? 'Succeeded' : 'Failed', completeTime: now });
  touch(deployment);
  return instanceEvent(
    world.origin,
    deployment,
    instance.targetId ?? '',
    result === 'succeeded' ? 'SUCCESS' : 'FAILURE',
    now,
  );
}
