import type { InstanceTarget } from '@aws-sdk/client-codedeploy';
import type { CodeDeployWorld } from './codedeploy';
import type { DeploymentDriver } from './codedeploy-model';
import { beginInstall, failAfterInstall, finishInstall, reroute, startRollback, stop, succeed, type StopReason } from './codedeploy-endings';
import { instanceEvent, type DeploymentState, type InstanceState } from './codedeploy-events';
import { greenTargets, blueTargets, isActive, newTarget, touch, type GreenFleet, type SimulatedDeployment } from './codedeploy-model';
import type { Timeline } from './timeline';

type InstanceChange = [instanceId: string, state: InstanceState];
const ids = (targets: InstanceTarget[]): string[] => targets.map((t) => t.targetId ?? '');
const changes = (targets: InstanceTarget[], state: InstanceState): InstanceChange[] => ids(targets).map((id) => [id, state]);

/**
 * Blue/green deployments that move on by themselves, one step (`stepMs`) at a time: START, green provisioned,
 * each green instance installs (START, READY), then the deployment is READY and waits for ContinueDeployment
 * READY_WAIT; traffic moves, the blue fleet waits out its termination wait (or TERMINATION_WAIT), SUCCESS.
 */
export class DeploymentLifecycle implements DeploymentDriver {
  private failNext = false;
  /** Each deployment's pending step, cancelled when it is stopped or continued early. */
  private readonly pending = new Map<string, () => void>();

  /** `terminationWaitSteps`: how long CodeDeploy keeps the blue fleet after traffic moved, unless terminated sooner. */
  constructor(
    private readonly world: CodeDeployWorld,
    private readonly timeline: Timeline,
    private readonly fleet: GreenFleet,
    private readonly emit: (event: unknown) => void,
    private readonly terminationWaitSteps = 5,
  ) {
    world.driver = this;
  }

  /** The next deployment created (in any group) fails in AfterInstall on its first green instance. */
  failNextDeployment(): void {
    this.failNext = true;
  }

  created(deployment: SimulatedDeployment): void {
    if (deployment.info.creator === 'codeDeployRollback') {
      this.next(deployment, 1, () => this.rollBack(deployment));
      return;
    }
    const fail = this.failNext;
    this.failNext = false;
    this.next(deployment, 1, () => this.start(deployment, fail));
  }

  continued(deployment: SimulatedDeployment, wait: 'READY_WAIT' | 'TERMINATION_WAIT'): void {
    if (wait === 'READY_WAIT') deployment.info.status = 'InProgress';
    this.next(deployment, 1, () => (wait === 'READY_WAIT' ? this.rerouted(deployment) : this.terminated(deployment)));
  }

  stopRequested(deployment: SimulatedDeployment, rollback: boolean): void {
    this.next(deployment, 1, () => this.stopped(deployment, 'request', rollback));
  }

  private asg(deployment: SimulatedDeployment): string {
    return this.world.groups.find((g) => g.name === deployment.info.deploymentGroupName)?.autoScalingGroup ?? '';
  }

  private next(deployment: SimulatedDeployment, steps: number, action: () => void): void {
    const id = deployment.info.deploymentId ?? '';
    this.pending.get(id)?.();
    this.pending.set(id, this.timeline.after(steps, () => {
      this.pending.delete(id);
      if (isActive(deployment)) action();
    }));
  }

  /** Emits the instances' state changes, then the deployment's (when it changed state), after the change is made. */
  private say(deployment: SimulatedDeployment, state: DeploymentState | undefined, instances: InstanceChange[] = []): void {
    touch(deployment);
    const now = this.world.now();
    for (const [instanceId, change] of instances) this.emit(instanceEvent(this.world.origin, deployment, instanceId, change, now));
    if (state) this.emit(this.world.deploymentEvent(deployment, state));
  }

  private start(deployment: SimulatedDeployment, fail: boolean): void {
    const now = this.world.now();
    Object.assign(deployment.info, { status: 'InProgress', startTime: now });
    const id = deployment.info.deploymentId ?? '';
    const blue = this.fleet.serving(this.asg(deployment));
    deployment.targets.push(...blue.map((instanceId) => newTarget(id, instanceId, 'Blue', this.world.origin, now)));
    this.say(deployment, 'START');
    this.next(deployment, 1, () => {
      const green = this.fleet.launch(this.asg(deployment), Math.max(1, blue.length));
      deployment.targets.push(...green.map((instanceId) => newTarget(id, instanceId, 'Green', this.world.origin, this.world.now())));
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
      this.fleet.terminate(ids(green));
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
    const waitMinutes = deployment.info.blueGreenDeploymentConfiguration?.deploymentReadyOption?.waitTimeInMinutes ?? 60;
    this.next(deployment, (waitMinutes * 60_000) / this.timeline.stepMs, () => this.stopped(deployment, 'ready-timeout', true));
  }

  private rerouted(deployment: SimulatedDeployment): void {
    reroute(deployment, this.world.now());
    this.fleet.promote(this.asg(deployment), ids(greenTargets(deployment)));
    this.say(deployment, undefined, [...changes(blueTargets(deployment), 'START'), ...changes(greenTargets(deployment), 'SUCCESS')]);
    this.next(deployment, this.terminationWaitSteps, () => this.terminated(deployment));
  }

  private terminated(deployment: SimulatedDeployment): void {
    this.fleet.terminate(ids(blueTargets(deployment)));
    succeed(deployment, this.world.now());
    this.say(deployment, 'SUCCESS', changes(blueTargets(deployment), 'SUCCESS'));
  }

  private stopped(deployment: SimulatedDeployment, reason: StopReason, rollback: boolean): void {
    const [blue, green] = [ids(blueTargets(deployment)), ids(greenTargets(deployment))];
    const rerouted = deployment.info.instanceTerminationWaitTimeStarted === true;
    // Before the reroute traffic stays on blue; a rollback after it takes traffic back to blue; else green stays.
    if (rerouted && rollback) this.fleet.promote(this.asg(deployment), blue);
    this.fleet.terminate(rerouted && !rollback ? blue : green);
    stop(deployment, reason, this.world.now());
    if (rollback) startRollback(this.world, deployment, reason === 'request' ? 'the deployment was stopped by a user request' : 'nobody rerouted traffic in time');
    this.say(deployment, 'STOP');
  }

  /** An automatic rollback: traffic stays on (or goes back to) the instances serving before, in two steps. */
  private rollBack(deployment: SimulatedDeployment): void {
    const now = this.world.now();
    const id = deployment.info.deploymentId ?? '';
    Object.assign(deployment.info, { status: 'InProgress', startTime: now });
    deployment.targets.push(...this.fleet.serving(this.asg(deployment)).map((instanceId) => newTarget(id, instanceId, 'Blue', this.world.origin, now)));
    this.say(deployment, 'START');
    this.next(deployment, 1, () => {
      succeed(deployment, this.world.now());
      this.say(deployment, 'SUCCESS');
    });
  }
}
