import {
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingClient,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateVersionCommand,
  DescribeLaunchTemplateVersionsCommand,
  ModifyInstanceCreditSpecificationCommand,
  ModifyLaunchTemplateCommand,
  type EC2Client,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import type { CreditMode } from '../../commands/alarms/throttling';
import type { CreditSwitch, GroupTemplate, NoTemplate } from '../../commands/credits/ports';

// ClientToken: "Unique, case-sensitive identifier … to ensure the idempotency of the request", at most 64 ASCII
// characters (EC2 API, Ensuring idempotency).
const token = (value: string) => value.slice(0, 64);

async function templateOf(
  autoscaling: AutoScalingClient,
  ec2: EC2Client,
  group: string,
): Promise<GroupTemplate | NoTemplate> {
  const { AutoScalingGroups } = await autoscaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }),
  );
  const found = AutoScalingGroups?.find((candidate) => candidate.AutoScalingGroupName === group);
  if (!found) return { group, problem: 'the group no longer exists' };
  if (found.MixedInstancesPolicy)
    return { group, problem: 'it launches from a mixed instances policy, which blueshift does not change' };
  const spec = found.LaunchTemplate;
  if (!spec?.LaunchTemplateId && !spec?.LaunchTemplateName)
    return {
      group,
      problem:
        'it launches from a launch configuration; EC2 launches unlimited instances in a group only from a launch template',
    };
  const versionRef = spec.Version ?? '$Default';
  const { LaunchTemplateVersions } = await ec2.send(
    new DescribeLaunchTemplateVersionsCommand({
      ...(spec.LaunchTemplateId
        ? { LaunchTemplateId: spec.LaunchTemplateId }
        : { LaunchTemplateName: spec.LaunchTemplateName }),
      Versions: [versionRef],
    }),
  );
  const version = LaunchTemplateVersions?.[0];
  if (!version?.VersionNumber || !version.LaunchTemplateId)
    return { group, problem: `EC2 did not return version ${versionRef} of its launch template` };
  const credits = version.LaunchTemplateData?.CreditSpecification?.CpuCredits;
  return {
    group,
    templateId: version.LaunchTemplateId,
    templateName: version.LaunchTemplateName ?? version.LaunchTemplateId,
    versionRef,
    version: version.VersionNumber,
    ...(credits === 'standard' || credits === 'unlimited' ? { credits } : {}),
    ...(version.LaunchTemplateData?.InstanceType ? { instanceType: version.LaunchTemplateData.InstanceType } : {}),
  };
}

/** The CreditSwitch port over EC2 and Auto Scaling clients of the environment's account, as the person who asked. */
export function creditSwitch(clients: { ec2: EC2Client; autoscaling: AutoScalingClient }): CreditSwitch {
  const { ec2, autoscaling } = clients;
  return {
    template: (group) => templateOf(autoscaling, ec2, group),
    async switchInstances(instanceIds, mode: CreditMode, clientToken) {
      const output = await ec2.send(
        new ModifyInstanceCreditSpecificationCommand({
          InstanceCreditSpecifications: instanceIds.map((InstanceId) => ({ InstanceId, CpuCredits: mode })),
          ClientToken: token(clientToken),
        }),
      );
      const switched = (output.SuccessfulInstanceCreditSpecifications ?? []).flatMap((s) => s.InstanceId ?? []);
      const failed = (output.UnsuccessfulInstanceCreditSpecifications ?? []).map((f) => ({
        id: f.InstanceId ?? '?',
        code: f.Error?.Code ?? 'Unknown',
        message: f.Error?.Message ?? '',
      }));
      // An instance EC2 names in neither list did not switch either: it is said, not assumed.
      const named = new Set([...switched, ...failed.map((f) => f.id)]);
      const unnamed = instanceIds
        .filter((id) => !named.has(id))
        .map((id) => ({ id, code: 'NotReported', message: 'EC2 did not report this instance' }));
      return { switched, failed: [...failed, ...unnamed] };
    },
    async createVersion(template, change, description, clientToken) {
      const { LaunchTemplateVersion } = await ec2.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: template.templateId,
          SourceVersion: String(template.version),
          VersionDescription: description.slice(0, 255),
          LaunchTemplateData: {
            ...(change.credits ? { CreditSpecification: { CpuCredits: change.credits } } : {}),
            ...(change.instanceType ? { InstanceType: change.instanceType as _InstanceType } : {}),
          },
          ClientToken: token(clientToken),
        }),
      );
      if (!LaunchTemplateVersion?.VersionNumber) throw new Error('CreateLaunchTemplateVersion returned no version');
      return LaunchTemplateVersion.VersionNumber;
    },
    async setDefaultVersion(templateId, version) {
      await ec2.send(
        new ModifyLaunchTemplateCommand({ LaunchTemplateId: templateId, DefaultVersion: String(version) }),
      );
    },
    async pinGroupVersion(group, templateId, version) {
      await autoscaling.send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: group,
          LaunchTemplate: { LaunchTemplateId: templateId, Version: String(version) },
        }),
      );
    },
  };
}
