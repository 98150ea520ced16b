import {
  AutoScalingClient,
  AutoScalingServiceException,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DescribeScalingActivitiesCommand,
  type AutoScalingGroup,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeAutoScalingInstancesCommandInput,
  type DescribeScalingActivitiesCommandInput,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateVersionCommand,
  DescribeInstanceCreditSpecificationsCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  EC2ServiceException,
  ModifyInstanceCreditSpecificationCommand,
  ModifyLaunchTemplateCommand,
  type CreateLaunchTemplateVersionCommandInput,
  type DescribeInstanceCreditSpecificationsCommandInput,
  type DescribeLaunchTemplateVersionsCommandInput,
  type ModifyInstanceCreditSpecificationCommandInput,
  type ModifyLaunchTemplateCommandInput,
  type DescribeInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
  SSMClient,
  type DescribeInstanceInformationCommandInput,
  type GetCommandInvocationCommandInput,
  type SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { Fleet, SimGroup, SimInstance } from './fleet';
import { LaunchTemplates } from './launch-templates';
import { RunCommands } from './run-command';
import { answer, awsError, refuseUnknownCommands } from './sdk-stub';

/**
 * Auto Scaling, EC2 and SSM answering from the simulated fleet. Groups CodeDeploy deleted are gone from every
 * answer: DescribeAutoScalingGroups leaves out names that do not exist (no error), DescribeScalingActivities
 * answers for a deleted group only with IncludeDeletedGroups, and their terminated instances are in no group.
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeAutoScalingGroups.html
 */

export interface FleetStubs {
  autoscaling: AwsClientStub<AutoScalingClient>;
  ec2: AwsClientStub<EC2Client>;
  ssm: AwsClientStub<SSMClient>;
}

function groupOf(fleet: Fleet, group: SimGroup): AutoScalingGroup {
  const members = fleet.members(group.name);
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    LaunchTemplate: { LaunchTemplateName: group.launchTemplate.name, Version: group.launchTemplate.version },
    MinSize: group.min,
    MaxSize: group.max,
    DesiredCapacity: members.length,
    DefaultCooldown: 300,
    AvailabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
    HealthCheckType: 'ELB',
    HealthCheckGracePeriod: 300,
    TargetGroupARNs: [...group.targetGroupArns],
    CreatedTime: group.createdAt,
    VPCZoneIdentifier: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788',
    SuspendedProcesses: group.suspendedProcesses.map((ProcessName) => ({
      ProcessName,
      SuspensionReason: 'User suspended at ' + group.createdAt.toISOString(),
    })),
    Tags: group.tags.map((tag) => ({ ResourceId: group.name, ResourceType: 'auto-scaling-group', ...tag })),
    Instances: members.map((instance) => ({
      InstanceId: instance.id,
      InstanceType: instance.type,
      AvailabilityZone: instance.availabilityZone,
      LifecycleState: 'InService',
      HealthStatus: instance.health,
      LaunchTemplate: { LaunchTemplateName: group.launchTemplate.name, Version: String(instance.templateVersion ?? 1) },
      ProtectedFromScaleIn: false,
    })),
  };
}

/** A page of `items` from NextToken (an offset of our own making), MaxRecords at a time. */
export function page<T>(
  items: T[],
  input: { MaxRecords?: number; NextToken?: string },
  fallback: number,
): { items: T[]; NextToken?: string } {
  const start = input.NextToken ? Number.parseInt(Buffer.from(input.NextToken, 'base64').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw awsError('InvalidNextToken', 'The NextToken value is invalid.', AutoScalingServiceException);
  const size = input.MaxRecords ?? fallback;
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString('base64') } : {}),
  };
}

function describeGroups(fleet: Fleet, input: DescribeAutoScalingGroupsCommandInput) {
  const names = input.AutoScalingGroupNames ?? [];
  // Names of groups that do not exist (never did, or deleted) are left out, silently.
  const found = [...fleet.groups.values()].filter((g) => !names.length || names.includes(g.name));
  const { items, NextToken } = page(found, input, 50);
  return { AutoScalingGroups: items.map((g) => groupOf(fleet, g)), NextToken };
}

function activities(fleet: Fleet, input: DescribeScalingActivitiesCommandInput) {
  const name = input.AutoScalingGroupName ?? '';
  const group = fleet.groups.get(name) ?? (input.IncludeDeletedGroups ? fleet.deletedGroups.get(name) : undefined);
  const { items, NextToken } = page(group?.activities ?? [], input, 100);
  return { Activities: items, NextToken };
}

/** DescribeAutoScalingInstances: the instances in a group now; ids of others (terminated, never there) are left out. */
function groupInstances(fleet: Fleet, input: DescribeAutoScalingInstancesCommandInput) {
  const wanted = input.InstanceIds;
  const inGroups = fleet
    .running()
    .filter(
      (instance) =>
        instance.group && fleet.groups.has(instance.group) && (!wanted?.length || wanted.includes(instance.id)),
    );
  const { items, NextToken } = page(inGroups, input, 50);
  return {
    AutoScalingInstances: items.map((instance) => ({
      InstanceId: instance.id,
      InstanceType: instance.type,
      AutoScalingGroupName: instance.group,
      AvailabilityZone: instance.availabilityZone,
      LifecycleState: 'InService',
      HealthStatus: instance.health === 'Healthy' ? 'HEALTHY' : 'UNHEALTHY',
      LaunchTemplate: {
        LaunchTemplateName: fleet.groups.get(instance.group ?? '')?.launchTemplate.name ?? 'edu-web',
        Version: String(instance.templateVersion ?? 1),
      },
      ProtectedFromScaleIn: false,
    })),
    NextToken,
  };
}

function known(fleet: Fleet, ids: string[] | undefined): SimInstance[] {
  return (ids ?? []).map((id) => {
    const instance = fleet.instances.get(id);
    if (!instance)
      throw awsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`, EC2ServiceException);
    return instance;
  });
}

function describeInstances(fleet: Fleet, input: DescribeInstancesCommandInput) {
  const instances = input.InstanceIds?.length ? known(fleet, input.InstanceIds) : [...fleet.instances.values()];
  return {
    Reservations: instances.map((instance) => ({
      ReservationId: `r-0${instance.id.slice(3, 19)}`,
      OwnerId: fleet.origin.account,
      Instances: [
        {
          InstanceId: instance.id,
          InstanceType: instance.type,
          LaunchTime: instance.launchedAt,
          PrivateIpAddress: instance.privateIp,
          Placement: { AvailabilityZone: instance.availabilityZone },
          State:
            instance.state === 'running'
              ? { Code: 16, Name: 'running' as const }
              : { Code: 48, Name: 'terminated' as const },
          Tags: instance.group
            ? [
                { Key: 'aws:autoscaling:groupName', Value: instance.group },
                { Key: 'Name', Value: 'edu-web' },
              ]
            : [{ Key: 'Name', Value: 'edu-web' }],
        },
      ],
    })),
  };
}

function agents(fleet: Fleet, input: DescribeInstanceInformationCommandInput) {
  const wanted = input.Filters?.find((filter) => filter.Key === 'InstanceIds')?.Values;
  // Stopped and terminated instances are not in the answer at all
  // (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstanceInformation.html).
  const instances = fleet.running().filter((instance) => !wanted || wanted.includes(instance.id));
  const now = fleet.now().getTime();
  return {
    InstanceInformationList: instances.map((instance) => ({
      InstanceId: instance.id,
      PingStatus: instance.agent,
      LastPingDateTime: new Date(now - (instance.agent === 'Online' ? 60_000 : 25 * 60_000)),
      AgentVersion: '3.3.1142.0',
      IsLatestVersion: false,
      PlatformType: 'Linux' as const,
      PlatformName: 'Amazon Linux',
      PlatformVersion: '2023',
      ResourceType: 'EC2Instance' as const,
      IPAddress: instance.privateIp,
      ComputerName: `ip-${instance.privateIp.replaceAll('.', '-')}.${fleet.origin.region}.compute.internal`,
    })),
    NextToken: '',
  };
}

export function installFleetStubs(fleet: Fleet, answerAfterMs?: number): FleetStubs {
  const autoscaling = refuseUnknownCommands(mockClient(AutoScalingClient), 'Auto Scaling');
  autoscaling
    .on(DescribeAutoScalingGroupsCommand)
    .callsFake(answer((input: DescribeAutoScalingGroupsCommandInput) => describeGroups(fleet, input)));
  autoscaling
    .on(DescribeScalingActivitiesCommand)
    .callsFake(answer((input: DescribeScalingActivitiesCommandInput) => activities(fleet, input)));
  autoscaling
    .on(DescribeAutoScalingInstancesCommand)
    .callsFake(answer((input: DescribeAutoScalingInstancesCommandInput) => groupInstances(fleet, input)));

  const ec2 = refuseUnknownCommands(mockClient(EC2Client), 'EC2');
  ec2
    .on(DescribeInstancesCommand)
    .callsFake(answer((input: DescribeInstancesCommandInput) => describeInstances(fleet, input)));
  ec2.on(DescribeInstanceCreditSpecificationsCommand).callsFake(
    answer((input: DescribeInstanceCreditSpecificationsCommandInput) => ({
      // T3 defaults to unlimited; the incident's launch template asks for standard, which is why it throttles.
      InstanceCreditSpecifications: known(fleet, input.InstanceIds).map((instance) => ({
        InstanceId: instance.id,
        CpuCredits: instance.credits ?? 'standard',
      })),
    })),
  );
  const templates = new LaunchTemplates(fleet);
  fleet.launchTemplate = (version) => {
    const found = templates.resolve(version);
    return found && { version: found.number, instanceType: found.instanceType, credits: found.credits };
  };
  ec2
    .on(DescribeLaunchTemplateVersionsCommand)
    .callsFake(answer((input: DescribeLaunchTemplateVersionsCommandInput) => templates.describe(input)));
  ec2
    .on(CreateLaunchTemplateVersionCommand)
    .callsFake(answer((input: CreateLaunchTemplateVersionCommandInput) => templates.create(input)));
  ec2
    .on(ModifyLaunchTemplateCommand)
    .callsFake(answer((input: ModifyLaunchTemplateCommandInput) => templates.setDefault(input)));
  ec2
    .on(ModifyInstanceCreditSpecificationCommand)
    .callsFake(answer((input: ModifyInstanceCreditSpecificationCommandInput) => templates.switchInstances(input)));

  const ssm = refuseUnknownCommands(mockClient(SSMClient), 'SSM');
  ssm
    .on(DescribeInstanceInformationCommand)
    .callsFake(answer((input: DescribeInstanceInformationCommandInput) => agents(fleet, input)));
  const commands = new RunCommands(fleet, answerAfterMs);
  ssm.on(SendCommandCommand).callsFake(answer((input: SendCommandCommandInput) => commands.send(input)));
  ssm
    .on(GetCommandInvocationCommand)
    .callsFake(answer((input: GetCommandInvocationCommandInput) => commands.invocation(input)));
  return { autoscaling, ec2, ssm };
}
