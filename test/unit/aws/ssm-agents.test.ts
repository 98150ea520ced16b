import { DescribeInstanceInformationCommand, SSMClient, type InstanceInformation } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { ssmAgents } from '../../../lib/aws/ssm-agents';

const ssm = mockClient(SSMClient);
const agents = ssmAgents(new SSMClient({ region: 'ap-northeast-2' }));

function node(InstanceId: string, PingStatus: InstanceInformation['PingStatus']): InstanceInformation {
  return {
    InstanceId,
    PingStatus,
    LastPingDateTime: new Date('2026-03-02T09:16:40.512Z'),
    AgentVersion: '3.3.1142.0',
    IsLatestVersion: false,
    PlatformType: 'Linux',
    PlatformName: 'Amazon Linux',
    PlatformVersion: '2023',
    ResourceType: 'EC2Instance',
    IPAddress: '10.0.12.34',
    ComputerName: 'ip-10-0-12-34.ap-northeast-2.compute.internal',
    SourceId: InstanceId,
    SourceType: 'AWS::EC2::Instance',
  };
}

beforeEach(() => {
  ssm.reset();
});

describe('ssmAgents', () => {
  it('reports each agent’s ping status and NotRegistered for nodes SSM does not return', async () => {
    // Prepare
    ssm
      .on(DescribeInstanceInformationCommand)
      .resolvesOnce({ InstanceInformationList: [node('i-0a1b2c3d4e5f60001', 'Online')], NextToken: 'AAEAAQAAAAE=' })
      .resolvesOnce({ InstanceInformationList: [node('i-0a1b2c3d4e5f60002', 'ConnectionLost')], NextToken: '' });
    // Act
    const statuses = await agents.pingStatus(['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60003']);
    // Assess
    expect(statuses).toEqual(
      new Map([
        ['i-0a1b2c3d4e5f60001', 'Online'],
        ['i-0a1b2c3d4e5f60002', 'ConnectionLost'],
        ['i-0a1b2c3d4e5f60003', 'NotRegistered'],
      ]),
    );
    expect(ssm).toHaveReceivedCommandTimes(DescribeInstanceInformationCommand, 2);
    expect(ssm).toHaveReceivedNthCommandWith(1, DescribeInstanceInformationCommand, {
      Filters: [{ Key: 'InstanceIds', Values: ['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60003'] }],
    });
    expect(ssm).toHaveReceivedNthCommandWith(2, DescribeInstanceInformationCommand, { NextToken: 'AAEAAQAAAAE=' });
  });

  it('asks about at most 50 instances per filter', async () => {
    // Prepare
    const ids = Array.from({ length: 120 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
    ssm.on(DescribeInstanceInformationCommand).callsFake((input: { Filters: { Values: string[] }[] }) => ({
      InstanceInformationList: (input.Filters[0]?.Values ?? []).map((id) => node(id, 'Online')),
    }));
    // Act
    const statuses = await agents.pingStatus(ids);
    // Assess
    const sizes = ssm
      .commandCalls(DescribeInstanceInformationCommand)
      .map((call) => call.args[0].input.Filters?.[0]?.Values?.length);
    expect(sizes).toEqual([50, 50, 20]);
    expect([...statuses.values()].every((status) => status === 'Online')).toBe(true);
  });

  it('makes no call for no instances', async () => {
    // Act
    const statuses = await agents.pingStatus([]);
    // Assess
    expect(statuses.size).toBe(0);
    expect(ssm).not.toHaveReceivedCommand(DescribeInstanceInformationCommand);
  });
});
