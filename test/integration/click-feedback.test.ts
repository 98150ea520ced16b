import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { isClickFeedback } from '../../lib/slack/blocks/click-feedback';
import type { SlackCall } from '../fakes/slack-api';
import { buttonsOf, DeployFlow, text } from './deploy-flow';
import { type Harness, useStory } from './harness';

const story = useStory((h) => new DeployFlow(h));
let harness: Harness;
let flow: DeployFlow;

beforeEach(() => ({ harness, flow } = story()));

const STAGING = 'C0STAGING01';

/** carol's deployment of web to staging (no approval there), at "ready to reroute"; its progress message's ts. */
async function readyToReroute(): Promise<{ deploymentId: string; ts: string }> {
  await flow.type('/deploy web staging v43', 'U0CAROL', 'carol', STAGING);
  const [deploymentId = ''] = flow.codedeploy.deployments.keys();
  const ts = String(flow.posts(STAGING)[0]?.result?.ts);
  await flow.advance(deploymentId, 'start');
  await flow.advance(deploymentId, 'installed');
  return { deploymentId, ts };
}

const clickedFrom = (responseUrl: string): SlackCall[] =>
  harness.slack.callsTo('response_url').filter((call) => call.path === new URL(responseUrl).pathname);

describe('a click shows at once, before the worker', () => {
  it('marks the message for everyone, "Reroute traffic requested by" the clicker, without the button; the worker replaces it', async () => {
    // Prepare
    const { deploymentId, ts } = await readyToReroute();
    const before = harness.slack.calls.length;
    // Act
    const responseUrl = await flow.click('deployment.reroute', deploymentId, 'U0DAN', STAGING);
    // Assess
    const [mark, ...rest] = clickedFrom(responseUrl);
    expect(rest).toEqual([]); // the worker's answer is the message, not a reply
    expect(mark?.args.replace_original).toBe(true);
    expect(isClickFeedback(mark?.args ?? {})).toBe(true);
    expect(text(mark)).toContain('Reroute traffic requested by <@U0DAN>…');
    expect(buttonsOf(mark)).toEqual(['deployment.stop']);
    const afterwards = harness.slack.calls.slice(before);
    const edit = afterwards.findIndex((call) => call.method === 'chat.update' && call.args.ts === ts);
    expect(afterwards.indexOf(mark!)).toBeLessThan(edit); // the mark can never land on the answer
    expect(text(flow.updatesOf(ts).at(-1))).not.toContain('deployment.reroute');
  });

  it('tells someone who may not press it only that it was taken, and marks nothing', async () => {
    // Prepare
    const { deploymentId, ts } = await readyToReroute();
    const edits = flow.updatesOf(ts).length;
    // Act
    const responseUrl = await flow.click('deployment.reroute', deploymentId, 'U0MALLORY', STAGING);
    // Assess
    const replies = clickedFrom(responseUrl);
    expect(replies.map((call) => call.args.replace_original)).toEqual([false, false]);
    expect(text(replies[0])).toContain('working on it');
    expect(text(replies[0])).not.toContain('requested by');
    expect(text(replies[1])).toContain('refused');
    expect(flow.updatesOf(ts)).toHaveLength(edits);
  });

  it('puts a marked message back from the record when the worker refuses the click (pressed already)', async () => {
    // Prepare
    const { deploymentId, ts } = await readyToReroute();
    await flow.click('deployment.reroute', deploymentId, 'U0DAN', STAGING);
    const shownAfterFirst = text(flow.updatesOf(ts).at(-1));
    // Act: carol saw the button before dan's press reached her screen
    const second = await flow.click('deployment.reroute', deploymentId, 'U0CAROL', STAGING);
    // Assess
    const [mark, refusal] = clickedFrom(second);
    expect(text(mark)).toContain('requested by <@U0CAROL>');
    expect(text(refusal)).toContain('already requested by <@U0DAN>');
    const last = flow.updatesOf(ts).at(-1);
    expect(harness.slack.calls.indexOf(last!)).toBeGreaterThan(harness.slack.calls.indexOf(mark!));
    expect(text(last)).toBe(shownAfterFirst);
  });

  it('puts the message back as it was, and says so, when the click cannot be queued', async () => {
    // Prepare
    const { deploymentId, ts } = await readyToReroute();
    const shown = flow.updatesOf(ts).at(-1);
    harness.sqs.on(SendMessageCommand).rejects(new Error('SQS is down'));
    // Act
    const responseUrl = await flow.click('deployment.stop', deploymentId, 'U0DAN', STAGING);
    // Assess
    const [mark, putBack, error] = clickedFrom(responseUrl);
    expect(text(mark)).toContain('Stop &amp; roll back requested by <@U0DAN>…');
    expect(buttonsOf(mark)).toEqual([]); // Stop settles Reroute too
    expect(putBack?.args.replace_original).toBe(true);
    expect(isClickFeedback(putBack?.args ?? {})).toBe(false);
    expect(buttonsOf(putBack)).toEqual(expect.arrayContaining(buttonsOf(shown)));
    expect(text(error)).toContain('could not take that click');
  });

  it('queues the click anyway when Slack does not take the mark within a second, and the worker answers it', async () => {
    // Prepare
    const { deploymentId, ts } = await readyToReroute();
    const held = harness.slack.holdNext('response_url');
    const queued = harness.sqs.commandCalls(SendMessageCommand).length;
    // Act: the response_url hangs; the slack function answers Slack all the same (flow.click checks the 200)
    const responseUrl = await flow.click('deployment.reroute', deploymentId, 'U0DAN', STAGING);
    // Assess
    await held.arrived;
    const [send] = harness.sqs.commandCalls(SendMessageCommand).slice(queued);
    const job = JSON.parse(send?.args[0].input.MessageBody ?? '{}') as { action?: string; marked?: unknown };
    expect(job.action).toBe('deployment.reroute');
    expect(job.marked).toBeDefined(); // the mark was sent: a refusal would put the message back
    expect(text(flow.updatesOf(ts).at(-1))).not.toContain('deployment.reroute'); // the worker rerouted
    expect(clickedFrom(responseUrl)).toEqual([]); // the mark has not reached Slack yet
    held.release();
  });
});
