import { CloudWatchClient, DisableAlarmActionsCommand, EnableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudWatchAlarmActions } from '../../../lib/aws/cloudwatch-actions';

const cloudwatch = mockClient(CloudWatchClient);
const actions = cloudWatchAlarmActions(new CloudWatchClient({ region: 'ap-northeast-2' }));

beforeEach(() => cloudwatch.reset());

describe('cloudWatchAlarmActions', () => {
  it('disables and enables one alarm’s actions by name', async () => {
    // Prepare
    cloudwatch.on(DisableAlarmActionsCommand).resolves({});
    cloudwatch.on(EnableAlarmActionsCommand).resolves({});
    // Act
    await actions.disable('edu-web-prod-cpu-high');
    await actions.enable('edu-web-prod-cpu-high');
    // Assess
    expect(cloudwatch).toHaveReceivedCommandWith(DisableAlarmActionsCommand, { AlarmNames: ['edu-web-prod-cpu-high'] });
    expect(cloudwatch).toHaveReceivedCommandWith(EnableAlarmActionsCommand, { AlarmNames: ['edu-web-prod-cpu-high'] });
  });

  it('lets AWS failures through, for the caller to report', async () => {
    cloudwatch
      .on(DisableAlarmActionsCommand)
      .rejects(
        Object.assign(new Error('not authorized to perform: cloudwatch:DisableAlarmActions'), { name: 'AccessDenied' }),
      );
    await expect(actions.disable('edu-web-prod-cpu-high')).rejects.toThrow('cloudwatch:DisableAlarmActions');
  });
});
