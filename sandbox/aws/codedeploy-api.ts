import {
  BatchGetDeploymentTargetsCommand,
  BatchGetDeploymentsCommand,
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  DeploymentAlreadyCompletedException,
  DeploymentIsNotInReadyStateException,
  DeploymentNotStartedException,
  GetDeploymentCommand,
  GetApplicationRevisionCommand,
  GetDeploymentGroupCommand,
  ListApplicationRevisionsCommand,
  RevisionDoesNotExistException,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  type BatchGetDeploymentTargetsCommandInput,
  type ContinueDeploymentCommandInput,
  type CreateDeploymentCommandInput,
  type DeploymentGroupInfo,
  type GetApplicationRevisionCommandInput,
  type ListApplicationRevisionsCommandInput,
  type ListDeploymentTargetsCommandInput,
  type ListDeploymentsCommandInput,
  type StopDeploymentCommandInput,
} from '@aws-sdk/client-codedeploy';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { autoRollbackOf, isActive, type CodeDeployState, type SimulatedDeployment } from './codedeploy-model';
import { answer, copy, errorMeta, refuseUnknownCommands } from './sdk-stub';

/** The CodeDeploy API over a CodeDeployWorld: what each command the bot sends reads or changes. */

function revisions(world: CodeDeployState, input: ListApplicationRevisionsCommandInput) {
  world.checkApplication(input.applicationName);
  const sorted = [...world.revisions].sort(([, a], [, b]) => a.getTime() - b.getTime());
  if (input.sortOrder === 'descending') sorted.reverse();
  const keys = sorted.map(([key]) => key).filter((key) => key.startsWith(input.s3KeyPrefix ?? ''));
  return { revisions: keys.map((key) => world.revisionLocation(key)) };
}

/** A registered revision and its description (GetApplicationRevision); an unregistered one does not exist. */
function revision(world: CodeDeployState, input: GetApplicationRevisionCommandInput) {
  world.checkApplication(input.applicationName);
  const key = input.revision?.s3Location?.key ?? '';
  const registered = world.revisions.get(key);
  if (!registered)
    throw new RevisionDoesNotExistException({ ...errorMeta, message: `No application revision found for key ${key}` });
  const description = world.revisionDescriptions.get(key);
  return {
    applicationName: world.application,
    revision: world.revisionLocation(key),
    revisionInfo: { ...(description ? { description } : {}), registerTime: registered },
  };
}

function list(world: CodeDeployState, input: ListDeploymentsCommandInput) {
  const { start, end } = input.createTimeRange ?? {};
  if (input.applicationName !== undefined) world.checkApplication(input.applicationName);
  const group = input.deploymentGroupName
    ? world.group(input.deploymentGroupName, input.applicationName ?? world.application).name
    : undefined;
  const found = [...world.deployments.values()]
    .reverse()
    .filter(
      ({ info }) =>
        (!group || info.deploymentGroupName === group) &&
        (!input.includeOnlyStatuses || input.includeOnlyStatuses.includes(info.status ?? 'Created')) &&
        (!start || (info.createTime ?? 0) >= start) &&
        (!end || (info.createTime ?? 0) <= end),
    );
  return { deployments: found.map(({ info }) => info.deploymentId ?? '') };
}

const summary = (deployment: SimulatedDeployment | undefined) =>
  deployment && {
    deploymentId: deployment.info.deploymentId,
    status: deployment.info.status,
    createTime: deployment.info.createTime,
    endTime: deployment.info.completeTime,
  };

/**
 * GetDeploymentGroup as CodeDeploy answers it for a blue/green group that copies its Auto Scaling group
 * (greenFleetProvisioningOption COPY_AUTO_SCALING_GROUP): `autoScalingGroups` is the group serving now (the
 * original while a deployment runs, its copy once one succeeded), `lastAttemptedDeployment` the newest deployment
 * whatever its status (running ones included), `lastSuccessfulDeployment` the newest that succeeded.
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentGroupInfo.html
 */
function groupInfo(
  world: CodeDeployState,
  input: { applicationName?: string; deploymentGroupName?: string },
): DeploymentGroupInfo {
  const group = world.group(input.deploymentGroupName, input.applicationName);
  const history = world.inGroup(group.name);
  const last = world.lastSucceeded(group.name);
  return {
    applicationName: world.application,
    deploymentGroupId: world.groupId(group.name),
    deploymentGroupName: group.name,
    deploymentConfigName: 'CodeDeployDefault.OneAtATime',
    serviceRoleArn: `arn:aws:iam::${world.origin.account}:role/codedeploy-service-role`,
    computePlatform: 'Server',
    autoScalingGroups: group.autoScalingGroup ? [{ name: group.autoScalingGroup, hook: group.hook }] : [],
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    blueGreenDeploymentConfiguration: {
      terminateBlueInstancesOnDeploymentSuccess: {
        action: 'TERMINATE',
        terminationWaitTimeInMinutes: world.terminationWaitMinutes,
      },
      deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 },
      greenFleetProvisioningOption: { action: 'COPY_AUTO_SCALING_GROUP' },
    },
    loadBalancerInfo: group.targetGroup ? { targetGroupInfoList: [{ name: group.targetGroup }] } : undefined,
    // A group without alarms answers { enabled: false, ignorePollAlarmFailure: false, alarms: [] }.
    alarmConfiguration: {
      enabled: Boolean(group.stopOnAlarms?.length),
      ignorePollAlarmFailure: false,
      alarms: (group.stopOnAlarms ?? []).map((name) => ({ name })),
    },
    autoRollbackConfiguration: autoRollbackOf(group),
    outdatedInstancesStrategy: 'UPDATE',
    targetRevision: last?.info.revision,
    lastSuccessfulDeployment: summary(last),
    lastAttemptedDeployment: summary(history[0]),
  };
}

function continueDeployment(world: CodeDeployState, input: ContinueDeploymentCommandInput): object {
  const deployment = world.get(input.deploymentId ?? '');
  const wait = input.deploymentWaitType ?? 'READY_WAIT';
  const { info } = deployment;
  if (!isActive(deployment))
    throw new DeploymentAlreadyCompletedException({
      ...errorMeta,
      message: `The deployment ${info.deploymentId ?? ''} has already completed.`,
    });
  const waiting =
    wait === 'READY_WAIT' ? info.status === 'Ready' : !world.driver || info.instanceTerminationWaitTimeStarted === true;
  if (!waiting)
    throw new DeploymentIsNotInReadyStateException({
      ...errorMeta,
      message: "The deployment does not have a status of Ready and can't continue yet",
    });
  world.driver?.continued(deployment, wait);
  return {};
}

function stop(world: CodeDeployState, input: StopDeploymentCommandInput) {
  const deployment = world.get(input.deploymentId ?? '');
  if (!isActive(deployment))
    throw new DeploymentAlreadyCompletedException({
      ...errorMeta,
      message: `The deployment ${input.deploymentId ?? ''} has already completed.`,
    });
  if (world.driver) world.driver.stopRequested(deployment, input.autoRollbackEnabled ?? false);
  else deployment.info.status = 'Stopped';
  return { status: 'Pending', statusMessage: 'Stop operation is in progress' };
}

function targetIds(world: CodeDeployState, input: ListDeploymentTargetsCommandInput) {
  const deployment = world.get(input.deploymentId ?? '');
  if (deployment.targets.length === 0)
    throw new DeploymentNotStartedException({ ...errorMeta, message: 'The specified deployment has not started.' });
  const statuses = input.targetFilters?.TargetStatus;
  const labels = input.targetFilters?.ServerInstanceLabel;
  return {
    targetIds: deployment.targets
      .filter(
        (t) => (!statuses || statuses.includes(t.status ?? '')) && (!labels || labels.includes(t.instanceLabel ?? '')),
      )
      .map((t) => t.targetId ?? ''),
  };
}

function targets(world: CodeDeployState, input: BatchGetDeploymentTargetsCommandInput) {
  const deployment = world.get(input.deploymentId ?? '');
  const wanted = deployment.targets.filter((t) => (input.targetIds ?? []).includes(t.targetId ?? ''));
  return {
    deploymentTargets: wanted.map((instanceTarget) => ({
      deploymentTargetType: 'InstanceTarget' as const,
      instanceTarget: copy(instanceTarget),
    })),
  };
}

export function installCodeDeployStub(world: CodeDeployState): AwsClientStub<CodeDeployClient> {
  const m = refuseUnknownCommands(mockClient(CodeDeployClient), 'CodeDeploy');
  m.on(ListApplicationRevisionsCommand).callsFake(
    answer((input: ListApplicationRevisionsCommandInput) => revisions(world, input)),
  );
  m.on(GetApplicationRevisionCommand).callsFake(
    answer((input: GetApplicationRevisionCommandInput) => revision(world, input)),
  );
  m.on(ListDeploymentsCommand).callsFake(answer((input: ListDeploymentsCommandInput) => list(world, input)));
  m.on(BatchGetDeploymentsCommand).callsFake(
    answer((input: { deploymentIds?: string[] }) => ({
      deploymentsInfo: (input.deploymentIds ?? []).flatMap((id) => world.deployments.get(id)?.info ?? []),
    })),
  );
  m.on(GetDeploymentCommand).callsFake(
    answer((input: { deploymentId?: string }) => ({ deploymentInfo: world.get(input.deploymentId ?? '').info })),
  );
  m.on(GetDeploymentGroupCommand).callsFake(
    answer((input: { applicationName?: string; deploymentGroupName?: string }) => ({
      deploymentGroupInfo: groupInfo(world, input),
    })),
  );
  m.on(CreateDeploymentCommand).callsFake(
    answer((input: CreateDeploymentCommandInput) => ({ deploymentId: world.create(input).info.deploymentId })),
  );
  m.on(ContinueDeploymentCommand).callsFake(
    answer((input: ContinueDeploymentCommandInput) => continueDeployment(world, input)),
  );
  m.on(StopDeploymentCommand).callsFake(answer((input: StopDeploymentCommandInput) => stop(world, input)));
  m.on(ListDeploymentTargetsCommand).callsFake(
    answer((input: ListDeploymentTargetsCommandInput) => targetIds(world, input)),
  );
  m.on(BatchGetDeploymentTargetsCommand).callsFake(
    answer((input: BatchGetDeploymentTargetsCommandInput) => targets(world, input)),
  );
  return m;
}
