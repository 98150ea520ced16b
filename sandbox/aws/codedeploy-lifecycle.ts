import type { InstanceTarget } from '@aws-sdk/client-codedeploy';
import type { CodeDeployWorld } from './codedeploy';
import type { DeploymentDriver } from './codedeploy-model';
import {
  beginInstall,
  failAfterInstall,
  finishInstall,
  reroute,
  startRollback,
  stop,
  stopReason,
  succeed,
  type StopCause,
} from './codedeploy-endings';
import { instanceEvent, type DeploymentState, type InstanceState } from './codedeploy-events';
import {
  greenTargets,
  blueTargets,
  isActive,
  newTarget,
  rollsBackOnAlarm,
  touch,
  type GreenFleet,
  type SimulatedDeployment,
} from './codedeploy-model';
import type { Timeline } from './timeline';

type InstanceChange = [instanceId: string, state: InstanceState];
const ids = (targets: InstanceTarget[]): string[] => targets.map((t) => t.targetId ?? '');
const changes = (targets: InstanceTarget[], state: InstanceState): InstanceChange[] =>
  ids(targets).map((id) => [id, state]);

/**
 * Blue/green deployments that move on by themselves, one step (`stepMs`) at a time: START, green provisioned,
 * each green instance installs (START, READY), then the deployment is READY and waits for ContinueDeployment
 * READY_WAIT; traffic moves, the blue fleet waits out its termination wait (or TERMINATION_WAIT), SUCCESS.
 *
 * The fleet, as CodeDeploy runs a deployment group with greenFleetProvisioningOption COPY_AUTO_SCALING_GROUP
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-blue-green.html,
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/integrations-aws-auto-scaling.html):
 * - the green fleet is a new Auto Scaling group `CodeDeploy_<deployment-group-name>_<deployment-id>`, a copy of
 *   the original's settings (size, launch template, instance type, tags) tagged CodeDeployProvisioningDeploymentId,
 *   and the green instances are launched into it;
 * - while the deployment runs, GetDeploymentGroup still names the original group;
 * - on success, when the blue fleet is terminated (at the end of the termination wait, or on ContinueDeployment
 *   TERMINATION_WAIT), the deployment group points at the copy and the original group is deleted with its instances;
 * - a deployment that fails, or is stopped, before traffic moved deletes the copy and the original stays; so does
 *   one stopped with rollback after the reroute, whose traffic goes back to the original instances.
 * Not documented, so chosen here: a deployment stopped after the reroute without rollback leaves traffic on green,
 * so it ends like a success for the fleet (original deleted, group pointed at the copy); a rollback deployment
 * redeploys to the instances serving and copies no group.
 * Stop on alarm (alarmConfiguration): "If any of the specified alarms are activated, the deployment stops"
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-create-alarms.html), polled every step here,
 * for deployments a user started (or at once with `stopByAlarm`); with DEPLOYMENT_STOP_ON_ALARM in the group's
 * automatic rollback, "CodeDeploy will redeploy the last known good revision"
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-configure-advanced-options.html).
 */
export class DeploymentLifecycle implements DeploymentDriver {
  private failNext = false;
  private breakNext = false;
  /** Each deployment's pending step, cancelled when it is stopped or continued early. */
  private readonly pending = new Map<string, () => void>();

  /**
   * `terminationWaitSteps`: how long CodeDeploy keeps the blue fleet after traffic moved, unless terminated sooner.
   * `alarmState`: a CloudWatch alarm's state now (undefined when there is no such alarm), for the stop-on-alarm list.
   */
  constructor(
    private readonly world: CodeDeployWorld,
    private readonly timeline: Timeline,
    private readonly fleet: GreenFleet,
    private readonly emit: (event: unknown) => void,
    private readonly terminationWaitSteps = 5,
    private readonly alarmState: (name: string) => string | undefined = () => undefined,
  ) {
    world.driver = this;
  }

  /** The next deployment created (in any group) fails in AfterInstall on its first green instance. */
  failNextDeployment(): void {
    this.failNext = true;
  }

  /**
   * The next deployment created (in any group) installs fine, but its revision answers 500 on `/` once it takes
   * traffic (sandbox/aws/app-traffic.ts): what only a check after Reroute can see.
   */
  breakNextRevision(): void {
    this.breakNext = true;
  }

  created(deployment: SimulatedDeployment): void {
    // A scale-out's deployment to one new instance is driven by the scenario that launched the instance.
    if (deployment.info.creator === 'autoscaling') return;
    if (deployment.info.creator === 'codeDeployRollback') {
      this.next(deployment, 1, () => this.rollBack(deployment));
      return;
    }
    const fail = this.failNext;
    this.failNext = false;
    if (this.breakNext) deployment.brokenRevision = true;
    this.breakNext = false;
    this.next(deployment, 1, () => this.start(deployment, fail));
    this.watchAlarms(deployment);
  }

  continued(deployment: SimulatedDeployment, wait: 'READY_WAIT' | 'TERMINATION_WAIT'): void {
    if (wait === 'READY_WAIT') deployment.info.status = 'InProgress';
    this.next(deployment, 1, () => (wait === 'READY_WAIT' ? this.rerouted(deployment) : this.terminated(deployment)));
  }

  stopRequested(deployment: SimulatedDeployment, rollback: boolean): void {
    this.next(deployment, 1, () => this.stopped(deployment, { reason: 'request' }, rollback));
  }

  private asg(deployment: SimulatedDeployment): string {
    return this.world.groups.find((g) => g.name === deployment.info.deploymentGroupName)?.autoScalingGroup ?? '';
  }

  private next(deployment: SimulatedDeployment, steps: number, action: () => void): void {
    const id = deployment.info.deploymentId ?? '';
    this.pending.get(id)?.();
    this.pending.set(
      id,
      this.timeline.after(steps, () => {
        this.pending.delete(id);
        if (isActive(deployment)) action();
      }),
    );
  }

  /** CodeDeploy polls the group's stop-on-alarm list while the deployment runs; one in ALARM stops it. */
  private watchAlarms(deployment: SimulatedDeployment): void {
    this.timeline.after(1, () => {
      if (!isActive(deployment)) return;
      const group = this.world.groups.find((g) => g.name === deployment.info.deploymentGroupName);
      const firing = (group?.stopOnAlarms ?? []).filter((name) => this.alarmState(name) === 'ALARM');
      if (!firing.length) {
        this.watchAlarms(deployment);
        return;
      }
      this.stopByAlarm(deployment.info.deploymentId ?? '', firing);
    });
  }

  /**
   * CodeDeploy stops the deployment now because these alarms of its group are in ALARM (ALARM_ACTIVE), as its poll
   * does; it rolls back when the deployment's automatic rollback covers DEPLOYMENT_STOP_ON_ALARM. False when the
   * deployment has already ended.
   */
  stopByAlarm(deploymentId: string, alarms: string[]): boolean {
    const deployment = this.world.get(deploymentId);
    if (!isActive(deployment)) return false;
    this.pending.get(deploymentId)?.();
    this.pending.delete(deploymentId);
    this.stopped(deployment, { reason: 'alarm', alarms }, rollsBackOnAlarm(deployment));
    return true;
  }

  /** Emits the instances' state changes, then the deployment's (when it changed state), after the change is made. */
  private say(
    deployment: SimulatedDeployment,
    state: DeploymentState | undefined,
    instances: InstanceChange[] = [],
  ): void {
    touch(deployment);
    const now = this.world.now();
    for (const [instanceId, change] of instances)
      this.emit(instanceEvent(this.world.origin, deployment, instanceId, change, now));
    if (state) this.emit(this.world.deploymentEvent(deployment, state));
  }

  private start(deployment: SimulatedDeployment, fail: boolean): void {
    const now = this.world.now();
    Object.assign(deployment.info, { status: 'InProgress', startTime: now });
    const id = deployment.info.deploymentId ?? '';
    const fleet: NonNullable<SimulatedDeployment['fleet']> = { blue: this.asg(deployment) };
    deployment.fleet = fleet;
    const blue = this.fleet.serving(fleet.blue);
    deployment.targets.push(...blue.map((instanceId) => newTarget(id, instanceId, 'Blue', this.world.origin, now)));
    this.say(deployment, 'START');
    this.next(deployment, 1, () => {
      fleet.green = this.world.greenGroupName(deployment);
      this.fleet.copyGroup(fleet.blue, fleet.green, id);
      const green = this.fleet.launch(fleet.green, Math.max(1, blue.length));
      this.fleet.recordLaunches(fleet.green, green);
      deployment.targets.push(
        ...green.map((instanceId) => newTarget(id, instanceId, 'Green', this.world.origin, this.world.now())),
      );
      this.install(deployment, 0, fail);
    });
  }

  private install(deployment: SimulatedDeployment, index: number, fail: boolean): void {
    const target = greenTargets(deployment)[index];
    if (!target) return;
    beginInstall(target, this.world.now());
    this.say(deployment, undefined, [[target.targetId ?? '', 'START']]);
    this.next(deployment, 1, () => this.installed(deployment, index, fail));
  }

  private installed(deployment: SimulatedDeployment, index: number, fail: boolean): void {
    const now = this.world.now();
    const green = greenTargets(deployment);
    const target = green[index];
    if (!target) return;
    if (fail) {
      failAfterInstall(deployment, target, now);
      if (deployment.fleet?.green) this.fleet.deleteGroup(deployment.fleet.green);
      startRollback(this.world, deployment, 'the deployment failed');
      this.say(deployment, 'FAILURE', [[target.targetId ?? '', 'FAILURE']]);
      return;
    }
    finishInstall(target, now);
    if (green[index + 1]) {
      this.say(deployment, undefined, [[target.targetId ?? '', 'READY']]);
      this.install(deployment, index + 1, fail);
      return;
    }
    deployment.info.status = 'Ready';
    this.say(deployment, 'READY', [[target.targetId ?? '', 'READY']]);
    const waitMinutes =
      deployment.info.blueGreenDeploymentConfiguration?.deploymentReadyOption?.waitTimeInMinutes ?? 60;
    this.next(deployment, (waitMinutes * 60_000) / this.timeline.stepMs, () =>
      this.stopped(deployment, { reason: 'ready-timeout' }, true),
    );
  }

  private rerouted(deployment: SimulatedDeployment): void {
    reroute(deployment, this.world.now());
    const { blue, green } = deployment.fleet ?? {};
    if (blue && green) {
      this.fleet.resumeProcesses(green);
      this.fleet.shiftLoad(blue, green);
    }
    this.say(deployment, undefined, [
      ...changes(blueTargets(deployment), 'START'),
      ...changes(greenTargets(deployment), 'SUCCESS'),
    ]);
    this.next(deployment, this.terminationWaitSteps, () => this.terminated(deployment));
  }

  /**
   * The blue fleet is terminated: its group goes, the deployment group points at the copy, and the deployment succeeds.
   */
  private terminated(deployment: SimulatedDeployment): void {
    this.keepGreen(deployment);
    succeed(deployment, this.world.now());
    this.say(deployment, 'SUCCESS', changes(blueTargets(deployment), 'SUCCESS'));
  }

  private keepGreen(deployment: SimulatedDeployment): void {
    const { blue, green } = deployment.fleet ?? {};
    if (!blue || !green) return;
    this.fleet.deleteGroup(blue);
    this.world.replaceFleet(deployment.info.deploymentGroupName ?? '', green);
  }

  private stopped(deployment: SimulatedDeployment, cause: StopCause, rollback: boolean): void {
    const rerouted = deployment.info.instanceTerminationWaitTimeStarted === true;
    const { blue, green } = deployment.fleet ?? {};
    if (rerouted && !rollback) {
      // Traffic stays on green (see the class comment: not documented).
      this.keepGreen(deployment);
    } else {
      // Before the reroute traffic stays on blue; a rollback after it takes traffic back to blue. The copy goes.
      if (rerouted && blue && green) this.fleet.shiftLoad(green, blue);
      if (green) this.fleet.deleteGroup(green);
    }
    stop(deployment, cause, this.world.now());
    if (rollback) startRollback(this.world, deployment, stopReason(cause));
    this.say(deployment, 'STOP');
  }

  /** An automatic rollback: traffic stays on (or goes back to) the instances serving before, in two steps. */
  private rollBack(deployment: SimulatedDeployment): void {
    const now = this.world.now();
    const id = deployment.info.deploymentId ?? '';
    Object.assign(deployment.info, { status: 'InProgress', startTime: now });
    deployment.targets.push(
      ...this.fleet
        .serving(this.asg(deployment))
        .map((instanceId) => newTarget(id, instanceId, 'Blue', this.world.origin, now)),
    );
    this.say(deployment, 'START');
    this.next(deployment, 1, () => {
      succeed(deployment, this.world.now());
      this.say(deployment, 'SUCCESS');
    });
  }
}
