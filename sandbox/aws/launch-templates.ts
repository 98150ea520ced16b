import type {
  CreateLaunchTemplateVersionCommandInput,
  DescribeLaunchTemplateVersionsCommandInput,
  ModifyInstanceCreditSpecificationCommandInput,
  ModifyLaunchTemplateCommandInput,
} from '@aws-sdk/client-ec2';
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import type { Fleet } from './fleet';
import { awsError } from './sdk-stub';

/**
 * The account's launch template (`edu-web`, which the groups launch as `$Latest`) and the instances' credit modes:
 * what switching a fleet to unlimited credits changes. Version 1 asks for standard credits, which is why the
 * incident's t3.micro fleet is throttled; a version asking for unlimited makes new instances unlimited, and
 * ModifyInstanceCreditSpecification switches running ones (their CPU is then no longer held at the baseline).
 */
export interface TemplateVersion {
  number: number;
  credits: 'standard' | 'unlimited';
  instanceType: string;
  description?: string;
}

export class LaunchTemplates {
  readonly id = 'lt-0e1d2c3b4a5968778';
  readonly name = 'edu-web';
  readonly versions: TemplateVersion[] = [{ number: 1, credits: 'standard', instanceType: 't3.micro' }];
  defaultVersion = 1;
  private readonly tokens = new Map<string, number>();

  constructor(private readonly fleet: Fleet) {}

  resolve(ref: string | undefined): TemplateVersion | undefined {
    const number =
      ref === '$Latest' ? this.versions.length : ref === '$Default' || !ref ? this.defaultVersion : Number(ref);
    return this.versions.find((version) => version.number === number);
  }

  private known(input: { LaunchTemplateId?: string; LaunchTemplateName?: string }): void {
    if (input.LaunchTemplateId !== this.id && input.LaunchTemplateName !== this.name)
      throw awsError(
        'InvalidLaunchTemplateId.NotFound',
        'The specified launch template does not exist',
        EC2ServiceException,
      );
  }

  private shape(version: TemplateVersion) {
    return {
      LaunchTemplateId: this.id,
      LaunchTemplateName: this.name,
      VersionNumber: version.number,
      DefaultVersion: version.number === this.defaultVersion,
      ...(version.description ? { VersionDescription: version.description } : {}),
      LaunchTemplateData: { InstanceType: version.instanceType, CreditSpecification: { CpuCredits: version.credits } },
    };
  }

  describe(input: DescribeLaunchTemplateVersionsCommandInput) {
    this.known(input);
    const versions = (input.Versions ?? ['$Latest']).flatMap((ref) => this.resolve(ref) ?? []);
    return { LaunchTemplateVersions: versions.map((version) => this.shape(version)) };
  }

  create(input: CreateLaunchTemplateVersionCommandInput) {
    this.known(input);
    const again = input.ClientToken ? this.tokens.get(input.ClientToken) : undefined;
    const source = this.resolve(input.SourceVersion ?? '$Latest') ?? {
      number: 1,
      credits: 'standard',
      instanceType: 't3.micro',
    };
    const data = input.LaunchTemplateData ?? {};
    const version: TemplateVersion = this.versions.find((v) => v.number === again) ?? {
      number: this.versions.length + 1,
      credits:
        data.CreditSpecification?.CpuCredits === 'unlimited'
          ? 'unlimited'
          : data.CreditSpecification?.CpuCredits === 'standard'
            ? 'standard'
            : source.credits,
      instanceType: data.InstanceType ?? source.instanceType,
      ...(input.VersionDescription ? { description: input.VersionDescription } : {}),
    };
    if (again === undefined) {
      this.versions.push(version);
      this.fleet.launchCredits = version.credits; // the groups launch $Latest
      if (input.ClientToken) this.tokens.set(input.ClientToken, version.number);
    }
    return { LaunchTemplateVersion: this.shape(version) };
  }

  setDefault(input: ModifyLaunchTemplateCommandInput) {
    this.known(input);
    const version = this.resolve(input.DefaultVersion);
    if (!version)
      throw awsError('InvalidLaunchTemplateId.VersionNotFound', 'Could not find the version', EC2ServiceException);
    this.defaultVersion = version.number;
    return {
      LaunchTemplate: {
        LaunchTemplateId: this.id,
        LaunchTemplateName: this.name,
        DefaultVersionNumber: version.number,
        LatestVersionNumber: this.versions.length,
      },
    };
  }

  switchInstances(input: ModifyInstanceCreditSpecificationCommandInput) {
    const switched: { InstanceId: string }[] = [];
    const failed: { InstanceId: string; Error: { Code: string; Message: string } }[] = [];
    for (const spec of input.InstanceCreditSpecifications ?? []) {
      const instance = this.fleet.instances.get(spec.InstanceId ?? '');
      if (instance?.state !== 'running') {
        failed.push({
          InstanceId: spec.InstanceId ?? '',
          Error: {
            Code: 'InvalidInstanceID.NotFound',
            Message: `The instance ID '${spec.InstanceId ?? ''}' does not exist`,
          },
        });
        continue;
      }
      instance.credits = spec.CpuCredits === 'unlimited' ? 'unlimited' : 'standard';
      switched.push({ InstanceId: instance.id });
    }
    return { SuccessfulInstanceCreditSpecifications: switched, UnsuccessfulInstanceCreditSpecifications: failed };
  }
}
