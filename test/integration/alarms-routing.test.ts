import { GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { AlarmFlow, text } from './alarm-flow';
import { ebAlarm, ebCpuAlarm, FIXTURES, PROD, snsAlarm, snsFromHttp, STAGING } from './alarm-payloads';
import { handleAlarmEvent } from '../../handlers/events/alarm-events';
import { createAlarmEventDeps } from '../../functions/wiring/alarm-events';
import { deferred } from '../fakes/deferred';
import { type Harness, setClock, useStory } from './harness';
import { payload } from '../unit/alarms/payloads';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/alarms.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

const CHANGED = { state: 'ALARM' as const, at: new Date('2026-03-02T09:00:00.000Z') };

describe('alarmEvents routes each form of a real alarm to its environment’s channel', () => {
  it.each([
    [
      'EventBridge, single metric EC2 CPU, as AWS documents it',
      payload(FIXTURES.ebSingle),
      'C0DOCSDEMO1',
      'ServerCpuTooHigh',
      '*docs*',
    ],
    [
      'EventBridge, single metric EC2 CPU',
      ebCpuAlarm({ ...PROD, name: 'edu-web-prod-cpu-high' }, CHANGED),
      'C0PRODOPS01',
      'edu-web-prod-cpu-high',
      'web → prod',
    ],
    [
      'EventBridge, Auto Scaling group dimension',
      ebCpuAlarm({ ...PROD, name: 'fleet-cpu-high' }, CHANGED, 'edu-web-prod-asg'),
      'C0PRODOPS01',
      'fleet-cpu-high',
      'web → prod',
    ],
    [
      'EventBridge, metric math',
      ebAlarm(FIXTURES.ebMath, { ...STAGING, name: 'edu-api-staging-network' }),
      'C0STAGING01',
      'edu-api-staging-network',
      'api → staging',
    ],
    [
      'EventBridge, composite',
      ebAlarm(FIXTURES.ebComposite, { ...PROD, name: 'edu-web-prod-service' }),
      'C0PRODOPS01',
      'edu-web-prod-service',
      'web → prod',
    ],
    [
      'SNS, single metric EC2 CPU',
      snsFromHttp(FIXTURES.snsHttpInstance, { ...PROD, name: 'edu-web-prod-cpu' }),
      'C0PRODOPS01',
      'edu-web-prod-cpu',
      'web → prod',
    ],
    [
      'SNS, Auto Scaling group dimension',
      snsFromHttp(
        FIXTURES.snsHttpGroup,
        { ...STAGING, name: 'edu-web-staging-cpu' },
        { NewStateValue: 'ALARM', OldStateValue: 'OK' },
      ),
      'C0STAGING01',
      'edu-web-staging-cpu',
      'web → staging',
    ],
    [
      'SNS, metric math',
      snsAlarm(FIXTURES.snsMath, { ...STAGING, name: 'edu-api-staging-math' }),
      'C0STAGING01',
      'edu-api-staging-math',
      'api → staging',
    ],
    [
      'SNS, composite',
      snsAlarm(FIXTURES.snsComposite, { ...PROD, name: 'edu-web-prod-node-monitor' }),
      'C0PRODOPS01',
      'edu-web-prod-node-monitor',
      'web → prod',
    ],
  ])('%s', async (_form, event, channel, alarmName, where) => {
    // Act
    const outcomes = await flow.deliver(event);
    // Assess
    expect(outcomes).toEqual(['opened']);
    const posted = harness.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === undefined);
    expect(posted.map((c) => c.args.channel)).toEqual([channel]);
    expect(text(posted[0])).toContain(`ALARM: ${alarmName}`);
    expect(text(posted[0])).toContain(where);
    expect(text(posted[0])).toContain('alarm.ack');
  });

  it('plots a metric alarm but not a composite one, which has no metric of its own', async () => {
    // Act
    await flow.deliver(ebAlarm(FIXTURES.ebMath, { ...STAGING, name: 'edu-api-staging-network' }));
    await flow.deliver(ebAlarm(FIXTURES.ebComposite, { ...PROD, name: 'edu-web-prod-service' }));
    // Assess
    expect(flow.aws.cloudwatch).toHaveReceivedCommandTimes(GetMetricWidgetImageCommand, 1);
    const widget = JSON.parse(
      flow.aws.cloudwatch.commandCalls(GetMetricWidgetImageCommand)[0]?.args[0].input.MetricWidget ?? '{}',
    ) as { region?: string; title?: string };
    expect(widget).toMatchObject({ region: 'ap-northeast-2', title: 'edu-api-staging-network' });
    expect(harness.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });

  it('sends an alarm of an account nobody configured to the audit channel, saying why, and only once', async () => {
    // Prepare: the sample as CloudWatch in account 427809481713 (us-east-1) sent it
    const event = payload(FIXTURES.snsCustom);
    // Act
    const first = await flow.deliver(event);
    const again = await flow.deliver(event); // SNS delivers at least once
    // Assess
    expect([first, again]).toEqual([['unroutable'], ['duplicate']]);
    const posted = harness.slack.callsTo('chat.postMessage');
    expect(posted.map((c) => c.args.channel)).toEqual(['C0AUDIT0001']);
    expect(text(posted[0])).toContain('Unroutable alarm');
    expect(text(posted[0])).toContain('no environment is configured for account 427809481713 in us-east-1');
    expect(harness.sts.calls()).toHaveLength(0); // no role to assume in an account blueshift does not know
  });

  it('tells the audit channel, once, about an alarm event it cannot read, rather than failing forever or dropping it', async () => {
    // Prepare
    const unreadable = {
      'detail-type': 'CloudWatch Alarm State Change',
      detail: { alarmName: 'edu-web-prod-mystery' },
    };
    // Act
    const first = await flow.deliver(unreadable);
    const again = await flow.deliver(unreadable);
    // Assess
    expect([first, again]).toEqual([['unreadable'], ['duplicate']]);
    const posted = harness.slack.callsTo('chat.postMessage');
    expect(posted.map((c) => c.args.channel)).toEqual(['C0AUDIT0001']);
    expect(text(posted[0])).toContain('could not read');
  });

  it("posts an unreadable event's note once, by a retry, when the delivery that claimed it crashed before posting", async () => {
    // Prepare: the first delivery claims the note, then dies (Lambda's timeout) while Slack has not answered
    const unreadable = {
      'detail-type': 'CloudWatch Alarm State Change',
      detail: { alarmName: 'edu-web-prod-mystery' },
    };
    const deps = await createAlarmEventDeps();
    const posting = deferred<undefined>();
    const crashed = {
      ...deps,
      replies: {
        ...deps.replies,
        post: () => {
          posting.resolve(undefined);
          return new Promise<never>(() => undefined);
        },
      },
    };
    void handleAlarmEvent(unreadable, crashed);
    await posting.promise;
    // Act: Lambda's retry arrives within the crashed attempt's lease, and again once it has run out
    const early = flow.deliver(unreadable);
    await expect(early).rejects.toThrow('being posted by another delivery');
    setClock(Date.now() + 2 * 60_000);
    const retried = await flow.deliver(unreadable);
    const twin = await flow.deliver(unreadable);
    // Assess
    expect([retried, twin]).toEqual([['unreadable'], ['duplicate']]);
    const posted = harness.slack.callsTo('chat.postMessage');
    expect(posted.map((c) => c.args.channel)).toEqual(['C0AUDIT0001']);
    expect(text(posted[0])).toContain('could not read');
  });

  it('does not fail an unreadable event whose note was posted but could not be marked done, so no retry posts it again', async () => {
    // Prepare
    const unreadable = {
      'detail-type': 'CloudWatch Alarm State Change',
      detail: { alarmName: 'edu-web-prod-mystery' },
    };
    const deps = await createAlarmEventDeps();
    const failing = {
      ...deps,
      store: {
        ...deps.store,
        jobs: { ...deps.store.jobs, complete: () => Promise.reject(new Error('DynamoDB is unavailable')) },
      },
    };
    // Act
    const outcome = await handleAlarmEvent(unreadable, failing);
    // Assess
    expect(outcome).toEqual(['unreadable']);
    expect(harness.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
