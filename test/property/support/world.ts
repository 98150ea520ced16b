import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { CodeDeployWorld } from '../../fakes/codedeploy-world';
import { WafWorld } from '../../fakes/waf-world';

/** What the world needs of each client mock: its calls, and restoring the client. */
interface AnyStub {
  calls(): { args: unknown[] }[];
  restore(): void;
}

/**
 * The target account as the worker and event functions reach it: a stateful CodeDeploy and WAF (the integration
 * tests' fakes), and quiet CloudWatch, Auto Scaling, SSM and EC2. Fresh for every case, so a case replays alone.
 */
export class TargetWorld {
  readonly codedeploy = new CodeDeployWorld();
  readonly waf = new WafWorld();
  readonly cloudwatch = mockClient(CloudWatchClient);
  readonly autoscaling = mockClient(AutoScalingClient);
  readonly ssm = mockClient(SSMClient);
  readonly ec2 = mockClient(EC2Client);

  constructor() {
    this.cloudwatch.onAnyCommand().resolves({});
    this.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
    this.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    this.autoscaling.onAnyCommand().resolves({});
    this.autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    this.ssm.onAnyCommand().resolves({});
    this.ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
    this.ec2.onAnyCommand().resolves({});
  }

  private get stubs(): AnyStub[] {
    return [this.codedeploy.mock, this.waf.mock, this.cloudwatch, this.autoscaling, this.ssm, this.ec2];
  }

  /** Every call made to the account, as `Command` names. */
  calls(): string[] {
    return this.stubs.flatMap((stub) =>
      stub.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name),
    );
  }

  /** Calls that change something in the account. */
  mutations(): string[] {
    return this.calls().filter((name) => !/^(Get|List|Describe|BatchGet|Check)/.test(name));
  }

  restore(): void {
    for (const stub of this.stubs) stub.restore();
  }
}
