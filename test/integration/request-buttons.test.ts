import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { buttonValue, DeployFlow } from './deploy-flow';
import { type Harness, useStory } from './harness';

const story = useStory((h) => new DeployFlow(h));
let harness: Harness;
let flow: DeployFlow;

beforeEach(() => ({ harness, flow } = story()));

/**
 * A request's buttons are its gate's: Confirm and Cancel answer the requester's own preview, Approve and Reject a
 * second person's approval. A click that names a request with the other gate's button is refused, and audited.
 */
describe('request buttons', () => {
  it('does not let the requester pass their own approval with a Confirm click', async () => {
    // Prepare
    await flow.type('/deploy web prod v42', 'U0ALICE', 'alice');
    const requestId = buttonValue(flow.posts('C0PRODOPS01')[0], 'request.approve');
    // Act
    const click = await flow.click('request.confirm', requestId, 'U0ALICE');
    // Assess
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 0);
    expect(flow.repliesTo(click).join()).toContain('not a button of this request');
    expect(
      harness.slack
        .callsTo('chat.postMessage')
        .some((c) => c.args.channel === 'C0AUDIT0001' && JSON.stringify(c.args).includes('refused')),
    ).toBe(true);
    const [request] = await harness.dynamo.table.query('REQUEST');
    expect(request?.status).toBe('pending');
  });

  it("does not let an approver confirm someone else's preview with an Approve click", async () => {
    // Prepare: staging is not protected, but firing alarms need the requester's own "Deploy anyway"
    flow.cloudwatch
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [{ AlarmName: 'edu-web-staging-5xx', StateValue: 'ALARM' }] });
    const { responseUrl } = await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const requestId = /"value":"(req-[\w-]+)"/.exec(flow.repliesTo(responseUrl).join())?.[1] ?? '';
    // Act
    const click = await flow.click('request.approve', requestId, 'U0BOB', 'C0STAGING01');
    // Assess
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 0);
    expect(flow.repliesTo(click).join()).toContain('not a button of this request');
  });

  it.each([
    ['request.approve', 'approve', 'reject'],
    ['request.reject', 'reject', 'approve'],
  ])('tells a non-approver who presses %s that only approvers may %s', async (action, verb, other) => {
    // Prepare: carol operates prod but does not approve there
    await flow.type('/deploy web prod v42', 'U0ALICE', 'alice');
    const requestId = buttonValue(flow.posts('C0PRODOPS01')[0], 'request.approve');
    // Act
    const click = await flow.click(action, requestId, 'U0CAROL');
    // Assess
    const reply = flow.repliesTo(click).join();
    expect(reply).toContain(`only approvers of \`prod\` may ${verb}:`);
    expect(reply).not.toContain('rejectr');
    expect(reply).not.toContain(`may ${other}`);
    const [request] = await harness.dynamo.table.query('REQUEST');
    expect(request?.status).toBe('pending');
  });

  it('runs the confirmed command even when Slack refuses to replace the preview', async () => {
    // Prepare
    flow.cloudwatch
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [{ AlarmName: 'edu-web-staging-5xx', StateValue: 'ALARM' }] });
    const { responseUrl } = await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    const requestId = /"value":"(req-[\w-]+)"/.exec(flow.repliesTo(responseUrl).join())?.[1] ?? '';
    harness.slack.failNext('response_url', 404); // the click's response_url refuses replacing the preview
    // Act
    await flow.click('request.confirm', requestId, 'U0CAROL', 'C0STAGING01');
    // Assess: the decision is stored, so what it allowed must happen
    expect(flow.codedeploy.mock).toHaveReceivedCommandTimes(CreateDeploymentCommand, 1);
  });
});
