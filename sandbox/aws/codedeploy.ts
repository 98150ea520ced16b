import {
  ApplicationDoesNotExistException,
  DeploymentDoesNotExistException,
  DeploymentGroupDoesNotExistException,
  DeploymentLimitExceededException,
  DescriptionTooLongException,
  RevisionRequiredException,
  type CodeDeployClient,
  type CreateDeploymentCommandInput,
  type DeploymentInfo,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { installCodeDeployStub } from './codedeploy-api';
import { stopForAlarms } from './codedeploy-endings';
import { deploymentEvent, type DeploymentState, type EventOrigin } from './codedeploy-events';
import {
  isActive,
  newDeploymentInfo,
  touch,
  type CodeDeployState,
  type DeploymentDriver,
  type GroupSetup,
  type SimulatedDeployment,
} from './codedeploy-model';
import { advanceByHand, handTargets, type Step } from './codedeploy-steps';
import { errorMeta, uuid } from './sdk-stub';

export type { Step } from './codedeploy-steps';
export type { SimulatedDeployment } from './codedeploy-model';

export type { DeploymentDriver } from './codedeploy-model';

export interface CodeDeployWorldOptions {
  application?: string;
  bucket?: string;
  /** S3 keys registered with the application, oldest first. */
  revisions?: string[];
  groups?: GroupSetup[];
  account?: string;
  region?: string;
  terminationWaitMinutes?: number;
  now?: () => Date;
}

const DEFAULT_GROUPS: GroupSetup[] = [
  {
    name: 'edu-web-prod',
    autoScalingGroup: 'edu-web-prod-asg',
    targetGroup: 'edu-web-prod-tg',
    stopOnAlarms: ['edu-web-prod-cpu-high', 'codedeploy-edu-web-prod-status-checks'],
    autoRollbackEvents: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'],
  },
  { name: 'edu-web-staging', autoScalingGroup: 'edu-web-staging-asg', targetGroup: 'edu-web-staging-tg' },
];

/**
 * The name CodeDeploy gives the lifecycle hook it installs in a deployment group's Auto Scaling group (real ones end in
 * a UUID).
 */
const launchHook = (deploymentGroup: string): string =>
  `CodeDeploy-managed-automatic-launch-deployment-hook-${deploymentGroup}-${uuid()}`;
// Enforced by the service although the API model sets no maximum:
// https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html
const MAX_DESCRIPTION = 256;

/**
 * A simulated CodeDeploy at the SDK client: blue/green deployments enforcing one per group and Ready before a
 * reroute, as the real service does
 * (https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_ContinueDeployment.html).
 * Tests move a deployment step by step with `advance`; the sandbox attaches a DeploymentDriver that moves it on by
 * itself and emits the EventBridge events.
 */
export class CodeDeployWorld implements CodeDeployState {
  readonly mock: AwsClientStub<CodeDeployClient>;
  readonly deployments = new Map<string, SimulatedDeployment>();
  readonly application: string;
  readonly bucket: string;
  readonly groups: GroupSetup[];
  readonly origin: EventOrigin;
  readonly now: () => Date;
  readonly terminationWaitMinutes: number;
  /** S3 key → when it was registered. */
  readonly revisions = new Map<string, Date>();
  readonly revisionDescriptions = new Map<string, string>();
  driver: DeploymentDriver | undefined;
  private counter = 0;
  private readonly groupIds = new Map<string, string>();

  constructor(options: CodeDeployWorldOptions = {}) {
    this.application = options.application ?? 'edu-web';
    this.bucket = options.bucket ?? 'edu-artifacts';
    // Each world its own copies: a group's Auto Scaling group changes with every blue/green deployment.
    this.groups = (options.groups ?? DEFAULT_GROUPS).map((group) => ({
      ...group,
      hook: group.hook ?? (group.autoScalingGroup && launchHook(group.name)),
    }));
    this.origin = { account: options.account ?? '111111111111', region: options.region ?? 'ap-northeast-2' };
    this.now = options.now ?? (() => new Date());
    this.terminationWaitMinutes = options.terminationWaitMinutes ?? 60;
    const base = this.now().getTime() - 30 * 86_400_000;
    (options.revisions ?? ['web/v41.zip']).forEach((key, i) =>
      this.revisions.set(key, new Date(base + i * 86_400_000)),
    );
    this.mock = installCodeDeployStub(this);
  }

  get(id: string): SimulatedDeployment {
    const simulated = this.deployments.get(id);
    if (!simulated)
      throw new DeploymentDoesNotExistException({ ...errorMeta, message: `The deployment ${id} could not be found.` });
    return simulated;
  }

  checkApplication(application: string | undefined): void {
    if (application !== this.application)
      throw new ApplicationDoesNotExistException({
        ...errorMeta,
        message: `No application found for name: ${application ?? ''}`,
      });
  }

  group(name: string | undefined, application: string | undefined = this.application): GroupSetup {
    this.checkApplication(application);
    const found = this.groups.find((g) => g.name === name);
    if (!found)
      throw new DeploymentGroupDoesNotExistException({
        ...errorMeta,
        message: `No Deployment Group found for name: ${name ?? ''}`,
      });
    return found;
  }

  /** A deployment group's deploymentGroupId, a UUID fixed for the world's life. */
  groupId(name: string): string {
    const id = this.groupIds.get(name) ?? uuid();
    this.groupIds.set(name, id);
    return id;
  }

  /** Deployments of a group, newest first. */
  inGroup(group: string): SimulatedDeployment[] {
    return [...this.deployments.values()].filter((d) => d.info.deploymentGroupName === group).reverse();
  }

  lastSucceeded(group: string): SimulatedDeployment | undefined {
    return this.inGroup(group).find((d) => d.info.status === 'Succeeded');
  }

  /**
   * The Auto Scaling group CodeDeploy provisions for a blue/green deployment with COPY_AUTO_SCALING_GROUP:
   * `CodeDeploy_<deployment-group-name>_<deployment-id>`
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/integrations-aws-auto-scaling.html).
   */
  greenGroupName(deployment: SimulatedDeployment): string {
    return `CodeDeploy_${deployment.info.deploymentGroupName ?? ''}_${deployment.info.deploymentId ?? ''}`;
  }

  /**
   * After a successful blue/green deployment CodeDeploy points the deployment group at the green group (and moves its
   * hook there).
   */
  replaceFleet(deploymentGroup: string, autoScalingGroup: string): void {
    const group = this.groups.find((g) => g.name === deploymentGroup);
    if (group) Object.assign(group, { autoScalingGroup, hook: launchHook(deploymentGroup) });
  }

  revisionLocation(key: string): RevisionLocation {
    return { revisionType: 'S3', s3Location: { bucket: this.bucket, key, bundleType: 'zip' } };
  }

  /** CreateDeployment: checks what the service checks, then hands the deployment to the driver (if any). */
  create(input: CreateDeploymentCommandInput, creator: DeploymentInfo['creator'] = 'user'): SimulatedDeployment {
    const deployment = this.insert(input, creator, this.nextId());
    this.driver?.created(deployment);
    return deployment;
  }

  private insert(
    input: CreateDeploymentCommandInput,
    creator: DeploymentInfo['creator'],
    deploymentId: string,
  ): SimulatedDeployment {
    const group = this.group(input.deploymentGroupName, input.applicationName);
    if (!input.revision?.s3Location?.key)
      throw new RevisionRequiredException({ ...errorMeta, message: 'Revision is required' });
    if ((input.description ?? '').length > MAX_DESCRIPTION) {
      throw new DescriptionTooLongException({
        ...errorMeta,
        message: `The description is too long. It must be ${MAX_DESCRIPTION} characters or fewer.`,
      });
    }
    // Auto Scaling's deployments to new instances each count among the account's concurrent deployments (limits.html);
    // how CodeDeploy orders them against the group's own is not documented, so here they run beside it.
    const active =
      creator === 'autoscaling'
        ? undefined
        : this.inGroup(group.name).find((d) => isActive(d) && d.info.creator !== 'autoscaling');
    if (active) {
      throw new DeploymentLimitExceededException({
        ...errorMeta,
        message: `The Deployment Group '${group.name}' already has an active Deployment '${active.info.deploymentId ?? ''}'`,
      });
    }
    const now = this.now();
    if (!this.revisions.has(input.revision.s3Location.key)) this.revisions.set(input.revision.s3Location.key, now);
    const previousRevision = this.lastSucceeded(group.name)?.info.revision;
    const info = newDeploymentInfo({
      application: this.application,
      group,
      deploymentId,
      creator,
      input,
      previousRevision,
      now,
      terminationWaitMinutes: this.terminationWaitMinutes,
    });
    const deployment: SimulatedDeployment = {
      info,
      targets: this.driver ? [] : handTargets(deploymentId),
      instanceGroupId: uuid(),
    };
    touch(deployment);
    this.deployments.set(deploymentId, deployment);
    return deployment;
  }

  /** A deployment that finished before the simulation began (the group's history). */
  recordSucceeded(group: string, key: string, id: string, createdAt: Date, minutes: number, description: string): void {
    const deployment = this.insert(
      {
        applicationName: this.application,
        deploymentGroupName: group,
        revision: this.revisionLocation(key),
        description,
      },
      'user',
      id,
    );
    Object.assign(deployment.info, {
      status: 'Succeeded',
      createTime: createdAt,
      startTime: createdAt,
      completeTime: new Date(createdAt.getTime() + minutes * 60_000),
    });
  }

  deploymentEvent(deployment: SimulatedDeployment, state: DeploymentState): unknown {
    return deploymentEvent(this.origin, deployment, state, this.now());
  }

  /**
   * Moves a deployment one step along its blue/green life by hand, and returns the EventBridge event CodeDeploy would
   * send.
   */
  advance(id: string, step: Step): unknown {
    const deployment = this.get(id);
    const state = advanceByHand(deployment, step, this.now());
    // Without a driver there is no fleet, but the deployment group moves to the copy all the same.
    if (step === 'succeeded' && this.group(deployment.info.deploymentGroupName).autoScalingGroup) {
      this.replaceFleet(deployment.info.deploymentGroupName ?? '', this.greenGroupName(deployment));
    }
    touch(deployment);
    return this.deploymentEvent(deployment, state);
  }

  /**
   * CodeDeploy stops a hand-driven deployment because alarms of its group fired (ALARM_ACTIVE), rolling back when the
   * group's automatic rollback covers DEPLOYMENT_STOP_ON_ALARM; returns the STOP event. (The sandbox's driven
   * deployments are stopped by DeploymentLifecycle.stopByAlarm, which moves their fleet too.)
   */
  stopByAlarm(id: string, alarms: string[]): unknown {
    const deployment = this.get(id);
    if (!isActive(deployment)) throw new Error(`${id} has already ended`);
    stopForAlarms(this, deployment, alarms, this.now());
    return this.deploymentEvent(deployment, 'STOP');
  }

  private nextId(): string {
    this.counter += 1;
    return `d-SIM${String(this.counter).padStart(6, '0')}`;
  }
}
