import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand, DisableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import { DescribeInstanceCreditSpecificationsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { GetSampledRequestsCommand, GetWebACLCommand, WAFV2Client, type WebACL } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { RoleSessions } from '../../../lib/aws/role-sessions';
import { targetAccounts } from '../../../lib/aws/target-account';
import type { EnvironmentConfig } from '../../../lib/config/schema';

const sts = mockClient(STSClient);
const codedeploy = mockClient(CodeDeployClient);
const cloudwatch = mockClient(CloudWatchClient);
const autoscaling = mockClient(AutoScalingClient);
const ssm = mockClient(SSMClient);
const ec2 = mockClient(EC2Client);
const waf = mockClient(WAFV2Client);

const prod: EnvironmentConfig = {
  account: '111111111111',
  region: 'ap-northeast-2',
  role: 'arn:aws:iam::111111111111:role/blueshift-operator',
  externalId: 'blueshift-prod',
  channel: 'C0PRODOPS01',
  protected: true,
  access: { operators: ['S0DEVELOPERS'], approvers: ['S0OPSLEADS'] },
  silentAlarms: 'ask',
  announce: 'all',
  lockAfterRollback: true,
  calendar: { timeZone: 'UTC', allow: [], deny: [], freezes: [] },
};
const alice = { id: 'U0ALICE', name: 'alice' };
const EDGE_ACL_ID = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const EDGE_ACL_ARN = `arn:aws:wafv2:us-east-1:111111111111:global/webacl/edu-edge-acl/${EDGE_ACL_ID}`;

beforeEach(() => {
  for (const mock of [sts, codedeploy, cloudwatch, autoscaling, ssm, ec2, waf]) mock.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAY34FZKBOKMUTVV7A',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
      Expiration: new Date(Date.now() + 3_600_000),
    },
    AssumedRoleUser: {
      AssumedRoleId: 'AROA3XFRBF535PLBIFPI4:blueshift-alice',
      Arn: 'arn:aws:sts::111111111111:assumed-role/blueshift-operator/blueshift-alice',
    },
    SourceIdentity: 'U0ALICE',
  });
});

describe('targetAccounts', () => {
  it('builds one account per environment and user, assuming no role until it is used', () => {
    // Prepare
    const accounts = targetAccounts(new RoleSessions({ sts: new STSClient({ region: 'ap-northeast-2' }) }));
    // Act
    const first = accounts.for('prod', prod, alice);
    const again = accounts.for('prod', prod, alice);
    const other = accounts.for('prod', prod, { id: 'U0BOB', name: 'bob' });
    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(first.roleSession).toBe('blueshift-alice');
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
  });

  it('wires every reader to a client in the environment’s region that signs with the role session', async () => {
    // Prepare
    const accounts = targetAccounts(new RoleSessions({ sts: new STSClient({ region: 'ap-northeast-2' }) }));
    codedeploy.on(ListDeploymentsCommand).resolves({ deployments: [] });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    ssm.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
    const account = accounts.for('prod', prod, alice);
    // Act
    await account.deployments.active('edu-web', 'edu-web-prod');
    await account.alarms.firing('edu-web-');
    await account.fleet.describe('edu-web-prod-asg');
    await account.agents.pingStatus(['i-0a1b2c3d4e5f60001']);
    // Assess
    for (const mock of [codedeploy, cloudwatch, autoscaling, ssm]) {
      const client = mock.call(0).thisValue as CodeDeployClient;
      await expect(client.config.region()).resolves.toBe('ap-northeast-2');
      await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAY34FZKBOKMUTVV7A' });
    }
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
  });

  it('gives the alarm pipeline EC2 and Auto Scaling in the same region, and Snooze CloudWatch, all as the session', async () => {
    // Prepare
    const accounts = targetAccounts(new RoleSessions({ sts: new STSClient({ region: 'ap-northeast-2' }) }));
    ec2.on(DescribeInstanceCreditSpecificationsCommand).resolves({ InstanceCreditSpecifications: [] });
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
    cloudwatch.on(DisableAlarmActionsCommand).resolves({});
    const account = accounts.for('prod', prod, { id: 'blueshift-system', name: 'system' });
    // Act
    await account.insights.creditModes(['i-0a1b2c3d4e5f60001']);
    await account.insights.replacements('edu-web-prod-asg', 6);
    await account.alarmActions.disable('edu-web-prod-cpu-high');
    // Assess
    expect(account.roleSession).toBe('blueshift-system');
    for (const mock of [ec2, autoscaling, cloudwatch]) {
      const client = mock.call(0).thisValue as EC2Client;
      await expect(client.config.region()).resolves.toBe('ap-northeast-2');
      await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAY34FZKBOKMUTVV7A' });
    }
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      SourceIdentity: 'blueshift-system',
      RoleSessionName: 'blueshift-system',
    });
  });

  it('reads the web ACL’s sampled requests as the session, in us-east-1 for a CloudFront web ACL', async () => {
    // Prepare
    const accounts = targetAccounts(new RoleSessions({ sts: new STSClient({ region: 'ap-northeast-2' }) }));
    const edge: EnvironmentConfig = {
      ...prod,
      waf: { webAcl: { name: 'edu-edge-acl', id: EDGE_ACL_ID, scope: 'CLOUDFRONT' }, maxExemption: 7_200_000 },
    };
    waf.on(GetWebACLCommand).resolves({
      WebACL: { Name: 'edu-edge-acl', Id: EDGE_ACL_ID, ARN: EDGE_ACL_ARN, Rules: [] } as Partial<WebACL> as WebACL,
    });
    const account = accounts.for('edge', edge, alice);
    // Act
    const blame = await account.wafSamples.blockedBy(
      edge.waf!.webAcl,
      '/admin',
      new Date(Date.now() - 600_000),
      new Date(),
    );
    // Assess
    expect(blame).toBeUndefined();
    expect(waf).not.toHaveReceivedCommand(GetSampledRequestsCommand);
    const client = waf.call(0).thisValue as WAFV2Client;
    await expect(client.config.region()).resolves.toBe('us-east-1');
    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAY34FZKBOKMUTVV7A' });
  });
});
