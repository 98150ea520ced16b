import {
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingGroup,
  type DescribeAutoScalingGroupsCommandInput,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateVersionCommand,
  DescribeLaunchTemplateVersionsCommand,
  ModifyInstanceCreditSpecificationCommand,
  ModifyLaunchTemplateCommand,
  type CreateLaunchTemplateVersionCommandInput,
  type ModifyInstanceCreditSpecificationCommandInput,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import type { AlarmFlow } from './alarm-flow';
import { tsOf } from './alarm-flow';
import { ebCpuAlarm, PROD } from './alarm-payloads';

export const AAA = 'i-0aaa1111bbbb2222c';
export const DDD = 'i-0ddd3333eeee4444f';
export const TEMPLATE = 'lt-0e1d2c3b4a5968778';

/** How the exhausted fleet's group launches: its launch template version, or a launch configuration. */
export interface FleetShape {
  /** What the group names: `$Default`, `$Latest` or a number. */
  versionRef?: string;
  /** The version that reference resolves to now. */
  version?: number;
  instanceType?: string;
  launchConfiguration?: boolean;
}

/** A group of the exhausted fleet by the name asked for (prod's edu-web-prod-asg, or staging's), with two t3.micro. */
function group(name: string, shape: FleetShape): AutoScalingGroup {
  return {
    AutoScalingGroupName: name,
    MinSize: 2,
    MaxSize: 6,
    DesiredCapacity: 2,
    DefaultCooldown: 300,
    AvailabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
    HealthCheckType: 'ELB',
    CreatedTime: new Date(Date.now() - 90_000 * 60_000),
    ...(shape.launchConfiguration
      ? { LaunchConfigurationName: 'edu-web-lc' }
      : {
          LaunchTemplate: {
            LaunchTemplateId: TEMPLATE,
            LaunchTemplateName: 'edu-web',
            Version: shape.versionRef ?? '$Default',
          },
        }),
    Instances: [AAA, DDD].map((InstanceId, i) => ({
      InstanceId,
      InstanceType: 't3.micro',
      AvailabilityZone: i ? 'ap-northeast-2c' : 'ap-northeast-2a',
      LifecycleState: 'InService',
      HealthStatus: i ? 'Healthy' : 'Unhealthy',
      ProtectedFromScaleIn: false,
    })),
  };
}

/**
 * The exhausted fleet on a launch template (version 7, standard credits, t3.micro unless `shape` says otherwise),
 * and EC2 and Auto Scaling taking every change: the new version is 8.
 */
export function burstableFleet(flow: AlarmFlow, shape: FleetShape = {}): void {
  flow.exhaustedFleet();
  flow.aws.autoscaling
    .on(DescribeAutoScalingGroupsCommand)
    .callsFake((input: DescribeAutoScalingGroupsCommandInput) => ({
      AutoScalingGroups: (input.AutoScalingGroupNames ?? ['edu-web-prod-asg']).map((name) => group(name, shape)),
    }));
  flow.aws.autoscaling.on(UpdateAutoScalingGroupCommand).resolves({});
  templateVersion(flow, shape.version ?? 7, shape.instanceType ?? 't3.micro');
  flow.ec2
    .on(ModifyInstanceCreditSpecificationCommand)
    .callsFake((input: ModifyInstanceCreditSpecificationCommandInput) => ({
      SuccessfulInstanceCreditSpecifications: (input.InstanceCreditSpecifications ?? []).map((s) => ({
        InstanceId: s.InstanceId,
      })),
      UnsuccessfulInstanceCreditSpecifications: [],
    }));
  // The new version is 8, and from then on the group launches it (as `$Latest` would at once; a redelivery that
  // read the template again would see it, and must not take it for the starting point).
  flow.ec2.on(CreateLaunchTemplateVersionCommand).callsFake((input: CreateLaunchTemplateVersionCommandInput) => {
    templateVersion(
      flow,
      8,
      input.LaunchTemplateData?.InstanceType ?? shape.instanceType ?? 't3.micro',
      input.LaunchTemplateData?.CreditSpecification?.CpuCredits === 'unlimited' ? 'unlimited' : 'standard',
    );
    return {
      LaunchTemplateVersion: { LaunchTemplateId: TEMPLATE, LaunchTemplateName: 'edu-web', VersionNumber: 8 },
    };
  });
  flow.ec2
    .on(ModifyLaunchTemplateCommand)
    .resolves({ LaunchTemplate: { DefaultVersionNumber: 8, LatestVersionNumber: 8 } });
}

/** The version the group's reference resolves to now (someone else may make one between a preview and its yes). */
export function templateVersion(
  flow: AlarmFlow,
  version: number,
  instanceType: string,
  credits: 'standard' | 'unlimited' = 'standard',
): void {
  flow.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
    LaunchTemplateVersions: [
      {
        LaunchTemplateId: TEMPLATE,
        LaunchTemplateName: 'edu-web',
        VersionNumber: version,
        DefaultVersion: true,
        LaunchTemplateData: {
          InstanceType: instanceType as _InstanceType,
          CreditSpecification: { CpuCredits: credits },
        },
      },
    ],
  });
}

/** The exhausted fleet's CPU alarm, posted in prod's channel: its ts. */
export async function postedAlarm(flow: AlarmFlow, shape: FleetShape = {}): Promise<string> {
  burstableFleet(flow, shape);
  return deliveredCpuAlarm(flow);
}

/** prod's CPU alarm, in ALARM for 10 minutes, delivered on whatever fleet the test stubbed: its message's ts. */
export async function deliveredCpuAlarm(flow: AlarmFlow): Promise<string> {
  await flow.deliver(
    ebCpuAlarm(
      { ...PROD, name: 'edu-web-prod-cpu-high' },
      { state: 'ALARM', at: new Date(Date.now() - 10 * 60_000) },
      'edu-web-prod-asg',
    ),
  );
  return tsOf(flow.posts('C0PRODOPS01')[0]);
}
