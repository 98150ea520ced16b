import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { GetMetricDataCommand, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstanceCreditSpecificationsCommand } from '@aws-sdk/client-ec2';
import { deferred } from '../fakes/deferred';
import { AlarmFlow, PNG, text, tsOf } from './alarm-flow';
import { ebCpuAlarm, PROD } from './alarm-payloads';
import { type Harness, useStory } from './harness';

const story = useStory((h) => new AlarmFlow(h), 'test/fixtures/config/alarms.yml');
let harness: Harness;
let flow: AlarmFlow;

beforeEach(() => ({ harness, flow } = story()));

const T0 = new Date(Date.now() - 60 * 60_000);
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const cpu = (state: 'ALARM' | 'OK', minutes: number) =>
  ebCpuAlarm({ ...PROD, name: 'edu-web-prod-cpu-high' }, { state, at: later(minutes) }, 'edu-web-prod-asg');
const accessDenied = (operation: string) =>
  Object.assign(
    new Error(
      `User: arn:aws:sts::111111111111:assumed-role/blueshift-operator/blueshift-system is not authorized to perform: ${operation}`,
    ),
    {
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    },
  );

describe('one message per alarm episode', () => {
  it('ALARM, a repeat and OK edit one message, and the thread hears it is resolved', async () => {
    // Act
    const outcomes = [
      await flow.deliver(cpu('ALARM', 0)),
      await flow.deliver(cpu('ALARM', 5)),
      await flow.deliver(cpu('OK', 42)),
    ];
    // Assess
    expect(outcomes).toEqual([['opened'], ['repeated'], ['resolved']]);
    const [message] = flow.posts('C0PRODOPS01');
    expect(flow.posts('C0PRODOPS01')).toHaveLength(1);
    const [repeated, resolved] = flow.changesOf(tsOf(message));
    expect(text(repeated)).toContain('repeated 2 times, last seen');
    expect(text(repeated)).toContain('alarm.snooze-1h');
    expect(text(resolved)).toContain('OK: edu-web-prod-cpu-high');
    expect(text(resolved)).toContain('Resolved* after 42m');
    expect(text(resolved)).not.toContain('"actions"');
    const replies = flow.thread(tsOf(message)).map(text);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('Back to OK* after 42m');
  });

  it('uploads the graph into the message’s thread with Slack’s external upload, bytes and all', async () => {
    // Act
    await flow.deliver(cpu('ALARM', 0));
    // Assess
    const ts = tsOf(flow.posts('C0PRODOPS01')[0]);
    const [ticket] = harness.slack.callsTo('files.getUploadURLExternal');
    expect(ticket?.args).toMatchObject({ filename: 'edu-web-prod-cpu-high.png', length: String(PNG.byteLength) });
    expect(harness.slack.uploads).toEqual([{ fileId: 'F0GRAPH0001', bytes: Buffer.from(PNG) }]);
    const [complete] = harness.slack.callsTo('files.completeUploadExternal');
    expect(complete?.args).toMatchObject({ channel_id: 'C0PRODOPS01', thread_ts: ts, files: [{ id: 'F0GRAPH0001' }] });
    const widget = JSON.parse(
      flow.aws.cloudwatch.commandCalls(GetMetricWidgetImageCommand)[0]?.args[0].input.MetricWidget ?? '{}',
    ) as Record<string, unknown>;
    expect(widget).toMatchObject({ start: '-PT3H', annotations: { horizontal: [{ value: 50 }] } });
  });

  it('says why the credits ran out, as the bot’s own role session, when the group is out of them', async () => {
    // Prepare
    flow.exhaustedFleet();
    // Act
    await flow.deliver(cpu('ALARM', 0));
    // Assess
    const message = text(flow.shown(flow.posts('C0PRODOPS01')[0]));
    expect(message).toContain('CPU credits: throttled at baseline — credits exhausted');
    expect(message).toContain('i-0aaa1111bbbb2222c, the worst of 2 instances in edu-web-prod-asg');
    expect(message).toContain('t3.micro: baseline 10% CPU');
    expect(message).toContain('at the 10% baseline for 90 min');
    expect(message).toContain('1 Auto Scaling health replacement');
    // The role session is kept for the container's life, so an earlier test may have assumed it: the signer says.
    expect(await AlarmFlow.signerOf(flow.aws.cloudwatch.commandCalls(GetMetricDataCommand)[0])).toBe(
      'ASIA-blueshift-system',
    );
    expect(await AlarmFlow.signerOf(flow.ec2.commandCalls(DescribeInstanceCreditSpecificationsCommand)[0])).toBe(
      'ASIA-blueshift-system',
    );
  });

  it('posts the alarm all the same when AWS will give neither diagnosis nor graph, and says so', async () => {
    // Prepare
    flow.aws.autoscaling
      .on(DescribeAutoScalingGroupsCommand)
      .rejects(accessDenied('autoscaling:DescribeAutoScalingGroups'));
    flow.aws.cloudwatch.on(GetMetricWidgetImageCommand).rejects(accessDenied('cloudwatch:GetMetricWidgetImage'));
    // Act
    const outcomes = await flow.deliver(cpu('ALARM', 0));
    // Assess
    expect(outcomes).toEqual(['opened']);
    const message = text(flow.shown(flow.posts('C0PRODOPS01')[0]));
    expect(message).toContain(
      'diagnosis unavailable: access denied: the operator role lacks autoscaling:DescribeAutoScalingGroups permission',
    );
    expect(message).toContain(
      'graph unavailable: access denied: the operator role lacks cloudwatch:GetMetricWidgetImage permission',
    );
    expect(harness.slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('keeps the message when Slack refuses the graph’s bytes, and edits in why', async () => {
    // Prepare
    harness.slack.failNext('upload', 500);
    // Act
    await flow.deliver(cpu('ALARM', 0));
    // Assess
    const ts = tsOf(flow.posts('C0PRODOPS01')[0]);
    expect(text(flow.updatesOf(ts).at(-1))).toContain('graph unavailable');
    expect(harness.slack.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });
});

describe('alarm first, details after', () => {
  it('posts the alarm while its account has not answered yet; the diagnosis and graph follow as one edit and the thread', async () => {
    // Prepare: CloudWatch in the alarm's account answers only when the test says so
    flow.exhaustedFleet();
    const cloudWatch = deferred<undefined>();
    const answers = flow.aws.cloudwatch.commandCalls(GetMetricDataCommand).length;
    flow.aws.cloudwatch.on(GetMetricWidgetImageCommand).callsFake(async () => {
      await cloudWatch.promise;
      return { MetricWidgetImage: PNG };
    });
    // Act
    const delivery = flow.deliver(cpu('ALARM', 0));
    while (!flow.posts('C0PRODOPS01').length) await new Promise((resolve) => setTimeout(resolve, 5));
    const [post] = flow.posts('C0PRODOPS01');
    const editsWhilePosting = flow.updatesOf(tsOf(post)).length;
    cloudWatch.resolve(undefined);
    const outcomes = await delivery;
    // Assess: the page carried what the event says and that more is coming; then one edit with the rest
    expect(outcomes).toEqual(['opened']);
    expect(editsWhilePosting).toBe(0);
    expect(text(post)).toContain('CPUUtilization was above 50');
    expect(text(post)).toContain('Looking up the diagnosis and the graph');
    expect(text(post)).not.toContain('CPU credits');
    const [details, ...more] = flow.updatesOf(tsOf(post));
    expect(more).toEqual([]);
    expect(text(details)).toContain('CPU credits: throttled at baseline');
    expect(text(details)).not.toContain('Looking up');
    expect(flow.thread(tsOf(post))).toEqual([]); // the graph is a file shared into the thread
    expect(harness.slack.uploads).toHaveLength(1);
    expect(flow.aws.cloudwatch.commandCalls(GetMetricDataCommand).length).toBeGreaterThan(answers);
  });

  it('finishes the details on the redelivery when the delivery that posted died before them, once', async () => {
    // Prepare: Slack refuses the details' edit once, so the first delivery fails after posting (Lambda retries it)
    flow.exhaustedFleet();
    harness.slack.failNext('chat.update', 200); // {"ok":false}: a Slack error web-api does not retry
    await expect(flow.deliver(cpu('ALARM', 0))).rejects.toThrow();
    const [post] = flow.posts('C0PRODOPS01');
    // Act: Lambda's retry, after the change's lease ran out
    jest.useFakeTimers({ now: Date.now() + 61_000, advanceTimers: true, doNotFake: ['nextTick', 'setImmediate'] });
    const retried = await flow.deliver(cpu('ALARM', 0));
    const again = await flow.deliver(cpu('ALARM', 0));
    // Assess: one message, its details shown once by the retry, the graph shared once
    expect(retried).toEqual(['shown']);
    expect(again).toEqual(['duplicate']);
    expect(flow.posts('C0PRODOPS01')).toHaveLength(1);
    expect(text(flow.shown(post))).toContain('CPU credits: throttled at baseline');
    expect(harness.slack.uploads).toHaveLength(1);
  });
});

describe('duplicate and out-of-order deliveries', () => {
  it('change nothing: a second copy, a late ALARM from before the OK, a second OK', async () => {
    // Act
    const outcomes = [
      await flow.deliver(cpu('ALARM', 0)),
      await flow.deliver(cpu('ALARM', 0)), // EventBridge and SNS deliver at least once
      await flow.deliver(cpu('OK', 10)),
      await flow.deliver(cpu('ALARM', 5)), // older than the OK: late
      await flow.deliver(cpu('OK', 10)),
    ];
    // Assess
    expect(outcomes).toEqual([['opened'], ['duplicate'], ['resolved'], ['duplicate'], ['duplicate']]);
    const ts = tsOf(flow.posts('C0PRODOPS01')[0]);
    expect(flow.posts('C0PRODOPS01')).toHaveLength(1);
    expect(flow.changesOf(ts)).toHaveLength(1);
    expect(text(flow.changesOf(ts)[0])).toContain('Resolved');
    expect(flow.thread(ts)).toHaveLength(1);
  });

  it('an OK that overtook its ALARM: the ALARM arrives late and posts nothing', async () => {
    // Act
    const outcomes = [await flow.deliver(cpu('OK', 10)), await flow.deliver(cpu('ALARM', 0))];
    // Assess
    expect(outcomes).toEqual([['remembered'], ['duplicate']]);
    expect(harness.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('two deliveries of one ALARM at the same time open one episode; the loser’s retry is a duplicate', async () => {
    // Act
    const settled = await Promise.allSettled([flow.deliver(cpu('ALARM', 0)), flow.deliver(cpu('ALARM', 0))]);
    const retry = await flow.deliver(cpu('ALARM', 0)); // Lambda retries a failed delivery
    // Assess
    const opened = settled.filter((s) => s.status === 'fulfilled' && s.value[0] === 'opened');
    const other = settled.find((s) => !(s.status === 'fulfilled' && s.value[0] === 'opened'));
    expect(opened).toHaveLength(1);
    const loser = other?.status === 'fulfilled' ? other.value[0] : (other?.reason as Error | undefined)?.name;
    expect(['duplicate', 'EpisodeBusyError']).toContain(loser);
    expect(retry).toEqual(['duplicate']);
    expect(flow.posts('C0PRODOPS01')).toHaveLength(1);
  });
});
