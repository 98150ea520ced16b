import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchGetDeploymentTargetsCommand, BatchGetDeploymentsCommand, CodeDeployClient, ContinueDeploymentCommand, CreateDeploymentCommand,
  DeploymentIsNotInReadyStateException, DeploymentLimitExceededException, GetDeploymentCommand, GetDeploymentGroupCommand,
  ListApplicationRevisionsCommand, ListDeploymentTargetsCommand, ListDeploymentsCommand, StopDeploymentCommand,
  type DeploymentInfo, type InstanceTarget,
} from '@aws-sdk/client-codedeploy';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';

const eventTemplate = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'payloads', 'eventbridge__codedeploy-deployment-state-change__success__aws-docs.json'), 'utf8')) as { detail: Record<string, string> };

export type Step = 'start' | 'installed' | 'rerouting' | 'termination-wait' | 'succeeded' | 'fail-after-install';

interface Simulated { info: DeploymentInfo; targets: InstanceTarget[] }

const ACTIVE = new Set(['Created', 'Queued', 'InProgress', 'Baking', 'Ready']);
const meta = { $metadata: {} };

function target(deploymentId: string, id: string, label: 'Blue' | 'Green', status: InstanceTarget['status']): InstanceTarget {
  return { deploymentId, targetId: id, instanceLabel: label, status, lastUpdatedAt: new Date(), lifecycleEvents: [] };
}

/**
 * A simulated CodeDeploy account at the SDK client: blue/green deployments that a test moves step by step,
 * enforcing one deployment per group and Ready before a reroute, as the real service does (facts sheet §8).
 */
export class CodeDeployWorld {
  readonly mock: AwsClientStub<CodeDeployClient> = mockClient(CodeDeployClient);
  readonly deployments = new Map<string, Simulated>();
  private counter = 0;

  constructor(readonly application = 'edu-web', readonly revisions: string[] = ['web/v41.zip']) {
    this.install();
  }

  private install(): void {
    const m = this.mock;
    m.on(ListApplicationRevisionsCommand).callsFake(() => ({ revisions: this.revisions.map((key) => ({ revisionType: 'S3', s3Location: { bucket: 'edu-artifacts', key, bundleType: 'zip' } })) }));
    m.on(ListDeploymentsCommand).callsFake((input: { deploymentGroupName?: string; includeOnlyStatuses?: string[] }) => ({
      deployments: [...this.deployments.values()]
        .filter((d) => d.info.deploymentGroupName === input.deploymentGroupName && (!input.includeOnlyStatuses || input.includeOnlyStatuses.includes(d.info.status ?? '')))
        .map((d) => d.info.deploymentId),
    }));
    m.on(BatchGetDeploymentsCommand).callsFake((input: { deploymentIds: string[] }) => ({ deploymentsInfo: input.deploymentIds.map((id) => this.get(id).info) }));
    m.on(GetDeploymentCommand).callsFake((input: { deploymentId: string }) => ({ deploymentInfo: this.get(input.deploymentId).info }));
    m.on(GetDeploymentGroupCommand).callsFake(() => ({ deploymentGroupInfo: { applicationName: this.application } }));
    m.on(CreateDeploymentCommand).callsFake((input: { deploymentGroupName: string; revision: DeploymentInfo['revision']; description?: string }) => this.create(input));
    m.on(ContinueDeploymentCommand).callsFake((input: { deploymentId: string; deploymentWaitType: string }) => {
      const { info } = this.get(input.deploymentId);
      if (input.deploymentWaitType === 'READY_WAIT' && info.status !== 'Ready') {
        throw new DeploymentIsNotInReadyStateException({ ...meta, message: "The deployment does not have a status of Ready and can't continue yet" });
      }
      return {};
    });
    m.on(StopDeploymentCommand).callsFake((input: { deploymentId: string }) => {
      this.get(input.deploymentId).info.status = 'Stopped';
      return { status: 'Pending', statusMessage: 'Stop requested' };
    });
    m.on(ListDeploymentTargetsCommand).callsFake((input: { deploymentId: string; targetFilters?: { TargetStatus?: string[] } }) => ({
      targetIds: this.get(input.deploymentId).targets.filter((t) => !input.targetFilters?.TargetStatus || input.targetFilters.TargetStatus.includes(t.status ?? '')).map((t) => t.targetId),
    }));
    m.on(BatchGetDeploymentTargetsCommand).callsFake((input: { deploymentId: string; targetIds: string[] }) => ({
      deploymentTargets: this.get(input.deploymentId).targets.filter((t) => input.targetIds.includes(t.targetId ?? '')).map((instanceTarget) => ({ deploymentTargetType: 'InstanceTarget', instanceTarget })),
    }));
  }

  private create(input: { deploymentGroupName: string; revision: DeploymentInfo['revision']; description?: string }) {
    const active = [...this.deployments.values()].find((d) => d.info.deploymentGroupName === input.deploymentGroupName && ACTIVE.has(d.info.status ?? ''));
    if (active) {
      throw new DeploymentLimitExceededException({ ...meta, message: `The Deployment Group '${input.deploymentGroupName}' already has an active Deployment '${active.info.deploymentId ?? ''}'` });
    }
    this.counter += 1;
    const id = `d-SIM${String(this.counter).padStart(6, '0')}`;
    const info: DeploymentInfo = {
      applicationName: this.application, deploymentGroupName: input.deploymentGroupName, deploymentId: id, status: 'Created', creator: 'user',
      description: input.description, revision: input.revision, createTime: new Date(), deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      deploymentOverview: { Pending: 2, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 }, instanceTerminationWaitTimeStarted: false,
      blueGreenDeploymentConfiguration: { deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 } },
    };
    this.deployments.set(id, { info, targets: [target(id, 'i-0green000000001', 'Green', 'Pending'), target(id, 'i-0green000000002', 'Green', 'Pending'), target(id, 'i-0blue0000000001', 'Blue', 'Pending')] });
    return { deploymentId: id };
  }

  get(id: string): Simulated {
    const simulated = this.deployments.get(id);
    if (!simulated) throw Object.assign(new Error(`Deployment ${id} does not exist`), { name: 'DeploymentDoesNotExistException' });
    return simulated;
  }

  /** Moves a deployment one step along its blue/green life, and returns the EventBridge event CodeDeploy would send. */
  advance(id: string, step: Step): unknown {
    const { info, targets } = this.get(id);
    const [green1, green2, blue] = targets;
    const set = (t: InstanceTarget | undefined, status: InstanceTarget['status']) => t && (t.status = status);
    if (step === 'start') { info.status = 'InProgress'; set(green1, 'InProgress'); set(green2, 'InProgress'); }
    if (step === 'installed') { info.status = 'Ready'; set(green1, 'Ready'); set(green2, 'Ready'); }
    if (step === 'rerouting') { info.status = 'InProgress'; set(green1, 'Succeeded'); set(green2, 'Succeeded'); }
    if (step === 'termination-wait') { info.instanceTerminationWaitTimeStarted = true; if (blue) blue.lifecycleEvents = [{ lifecycleEventName: 'BlockTraffic', status: 'Succeeded' }]; }
    if (step === 'succeeded') { info.status = 'Succeeded'; info.completeTime = new Date(); set(blue, 'Succeeded'); }
    if (step === 'fail-after-install') {
      info.status = 'Failed';
      info.completeTime = new Date();
      info.errorInformation = { code: 'HEALTH_CONSTRAINTS', message: 'The overall deployment failed because too many individual instances failed deployment.' };
      set(green1, 'Failed');
      if (green1) green1.lifecycleEvents = [{ lifecycleEventName: 'AfterInstall', status: 'Failed', diagnostics: { errorCode: 'ScriptFailed', scriptName: 'scripts/migrate.sh', message: 'Script at specified location: scripts/migrate.sh run as user root failed with exit code 1', logTail: '[stderr]django.db.utils.OperationalError: could not connect to server: Connection refused' } }];
    }
    const state = { start: 'START', installed: 'READY', rerouting: 'START', 'termination-wait': 'START', succeeded: 'SUCCESS', 'fail-after-install': 'FAILURE' }[step];
    return { ...eventTemplate, detail: { ...eventTemplate.detail, application: this.application, deploymentGroup: info.deploymentGroupName, deploymentId: id, state } };
  }
}
