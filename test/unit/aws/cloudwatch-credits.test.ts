import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudWatchCredits } from '../../../lib/aws/cloudwatch';

const cloudwatch = mockClient(CloudWatchClient);
const now = new Date('2026-03-02T09:17:30.000Z');
const credits = cloudWatchCredits(new CloudWatchClient({ region: 'ap-northeast-2' }), { now: () => now });
const at = (time: string): Date => new Date(`2026-03-02T${time}Z`);

beforeEach(() => {
  cloudwatch.reset();
});

describe('cloudWatchCredits', () => {
  it('asks once for every instance and keeps each one’s newest balance', async () => {
    // Prepare
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: 'c0',
          Label: 'CPUCreditBalance',
          Timestamps: [at('09:15:00'), at('09:10:00'), at('09:05:00')],
          Values: [0.42, 1.8, 3.1],
          StatusCode: 'Complete',
          Messages: [],
        },
        {
          Id: 'c1',
          Label: 'CPUCreditBalance',
          Timestamps: [at('09:15:00'), at('09:10:00')],
          Values: [144, 143.5],
          StatusCode: 'Complete',
          Messages: [],
        },
        { Id: 'c2', Label: 'CPUCreditBalance', Timestamps: [], Values: [], StatusCode: 'Complete', Messages: [] },
      ],
      Messages: [],
    });
    // Act
    const balances = await credits.creditBalances([
      'i-0a1b2c3d4e5f60001',
      'i-0a1b2c3d4e5f60002',
      'i-0a1b2c3d4e5f60003',
    ]);
    // Assess
    expect(balances).toEqual(
      new Map([
        ['i-0a1b2c3d4e5f60001', 0.42],
        ['i-0a1b2c3d4e5f60002', 144],
        ['i-0a1b2c3d4e5f60003', undefined],
      ]),
    );
    expect(cloudwatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(cloudwatch).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date('2026-03-02T09:02:30.000Z'),
      EndTime: now,
      MetricDataQueries: expect.arrayContaining([
        {
          Id: 'c1',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/EC2',
              MetricName: 'CPUCreditBalance',
              Dimensions: [{ Name: 'InstanceId', Value: 'i-0a1b2c3d4e5f60002' }],
            },
            Period: 300,
            Stat: 'Minimum',
          },
        },
      ]) as unknown,
    });
  });

  it('follows NextToken and keeps the newest datapoint whichever page it is on', async () => {
    // Prepare
    cloudwatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [{ Id: 'c0', Timestamps: [at('09:05:00')], Values: [12], StatusCode: 'PartialData' }],
        NextToken: 'token-2',
      })
      .resolvesOnce({
        MetricDataResults: [{ Id: 'c0', Timestamps: [at('09:15:00')], Values: [9.5], StatusCode: 'Complete' }],
      });
    // Act
    const balances = await credits.creditBalances(['i-0a1b2c3d4e5f60001']);
    // Assess
    expect(balances.get('i-0a1b2c3d4e5f60001')).toBe(9.5);
    expect(cloudwatch).toHaveReceivedNthCommandWith(2, GetMetricDataCommand, { NextToken: 'token-2' });
  });

  it('splits more than 500 instances into calls of at most 500 queries', async () => {
    // Prepare
    const ids = Array.from({ length: 501 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
    cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => ({
      MetricDataResults: input.MetricDataQueries.map((query) => ({
        Id: query.Id,
        Timestamps: [at('09:15:00')],
        Values: [30],
        StatusCode: 'Complete',
      })),
    }));
    // Act
    const balances = await credits.creditBalances(ids);
    // Assess
    const sizes = cloudwatch
      .commandCalls(GetMetricDataCommand)
      .map((call) => call.args[0].input.MetricDataQueries?.length);
    expect(sizes).toEqual([500, 1]);
    expect(balances.size).toBe(501);
    expect([...balances.values()].every((balance) => balance === 30)).toBe(true);
  });

  it('makes no call for no instances', async () => {
    // Act
    const balances = await credits.creditBalances([]);
    // Assess
    expect(balances.size).toBe(0);
    expect(cloudwatch).not.toHaveReceivedCommand(GetMetricDataCommand);
  });
});
