import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { ProgressView } from '../../../commands/deploy/progress-view';
import { deploymentFailureReply, deploymentMessage } from '../../../lib/slack/blocks/deployment';
import { instances, lifecycleFailure, NOW, progressView } from '../../fakes/deployment-progress-views';
import { expectWithinSlackLimits } from './limits';
import { textsOf } from './read-blocks';

const FINISHED = new Date('2026-03-02T09:04:12.000Z');
const allText = (blocks: KnownBlock[]): string => blocks.flatMap(textsOf).join('\n');
const actionsOf = (blocks: KnownBlock[]): ActionsBlock | undefined =>
  blocks.find((block): block is ActionsBlock => block.type === 'actions');
const buttonsOf = (blocks: KnownBlock[]): Button[] => (actionsOf(blocks)?.elements ?? []) as Button[];
const checklist = (blocks: KnownBlock[]): string[] => (textsOf(blocks[2])[0] ?? '').split('\n');

describe('deploymentMessage: every stage and outcome', () => {
  it.each<[string, Partial<ProgressView>, string, string[]]>([
    ['queued', { stage: 'queued', status: 'Queued', instances: undefined }, '🚀 web → prod · v42', ['deployment.stop']],
    ['provisioning', { stage: 'provisioning', instances: instances(0) }, '🚀 web → prod · v42', ['deployment.stop']],
    ['installing', { stage: 'installing' }, '🚀 web → prod · v42', ['deployment.stop']],
    [
      'ready',
      { stage: 'ready', status: 'Ready', instances: instances(4) },
      '🚀 web → prod · v42',
      ['deployment.reroute', 'deployment.stop'],
    ],
    [
      'ready, reroute requested',
      { stage: 'ready', status: 'Ready', rerouteRequestedBy: 'U0CAROL' },
      '🚀 web → prod · v42',
      ['deployment.stop'],
    ],
    ['rerouting', { stage: 'rerouting', instances: instances(4, 2) }, '🚀 web → prod · v42', ['deployment.stop']],
    [
      'rerouted',
      { stage: 'rerouted', instances: instances(4, 4) },
      '🚀 web → prod · v42',
      ['deployment.terminate-blue', 'deployment.stop'],
    ],
    [
      'rerouted, termination requested',
      { stage: 'rerouted', terminateRequestedBy: 'U0CAROL' },
      '🚀 web → prod · v42',
      ['deployment.stop'],
    ],
    ['terminating', { stage: 'terminating', instances: instances(4, 4) }, '🚀 web → prod · v42', ['deployment.stop']],
    ['stop requested', { stage: 'ready', status: 'Ready', stopRequestedBy: 'U0CAROL' }, '🚀 web → prod · v42', []],
    [
      'succeeded',
      { stage: 'done', status: 'Succeeded', outcome: 'succeeded', finishedAt: FINISHED },
      '✅ web → prod · v42 deployed in 4m 12s',
      [],
    ],
    [
      'failed',
      {
        status: 'Failed',
        outcome: 'failed',
        finishedAt: FINISHED,
        error: { code: 'HOOK_EXECUTION_FAILURE', message: 'AfterInstall failed on 1 instance' },
      },
      '🟥 FAILED: web → prod · v42',
      [],
    ],
    [
      'stopped',
      {
        stage: 'rerouted',
        status: 'Stopped',
        outcome: 'stopped',
        finishedAt: FINISHED,
        error: { code: 'MANUAL_STOP', message: 'Stopped by a user' },
      },
      '⏹ Stopped: web → prod · v42',
      [],
    ],
    [
      'a rollback running',
      { kind: 'rollback', revision: 'v41', rollbackOf: 'd-BAD000001' },
      '↩️ Rollback of web → prod to v41',
      ['deployment.stop'],
    ],
    [
      'a rollback done',
      {
        kind: 'rollback',
        revision: 'v41',
        stage: 'done',
        status: 'Succeeded',
        outcome: 'succeeded',
        finishedAt: FINISHED,
      },
      '✅ Rolled back web → prod to v41 in 4m 12s',
      [],
    ],
  ])('%s', (_case, overrides, headline, buttons) => {
    // Act
    const message = deploymentMessage(progressView(overrides));
    // Assess
    expect(textsOf(message.blocks[0])).toEqual([headline]);
    expect(buttonsOf(message.blocks).map((button) => button.action_id)).toEqual(buttons);
    expect(message.text).toContain(headline);
    expectWithinSlackLimits(message);
  });
});

describe('deploymentMessage: content', () => {
  it('says who asked, who approved, links the deployment and when it started', () => {
    const message = deploymentMessage(progressView());
    expect(textsOf(message.blocks[1])[0]).toBe(
      'Requested by <@U0ALICE> · approved by <@U0BOB> · <https://ap-northeast-2.console.aws.amazon.com/codesuite/codedeploy/deployments/d-7QX2K9ABC?region=ap-northeast-2|d-7QX2K9ABC>' +
        ' · started <!date^1772442000^{date_short_pretty} {time}|2026-03-02 09:00 UTC>',
    );
  });

  it('leaves the approver out when nobody approved', () => {
    expect(textsOf(deploymentMessage(progressView({ approvedBy: undefined })).blocks[1])[0]).not.toContain(
      'approved by',
    );
  });

  it('checks off the stages, with green counts while installing', () => {
    expect(checklist(deploymentMessage(progressView({ instances: instances(3) })).blocks)).toEqual([
      '✅ Queued',
      '✅ Green fleet provisioned',
      '⏳ Revision installed on green · 3/4 instances',
      '▫️ Ready to reroute',
      '▫️ Traffic rerouted to green',
      '▫️ Blue fleet on standby',
      '▫️ Blue fleet terminating',
      '▫️ Done',
    ]);
  });

  it('mentions blue counts once traffic moves', () => {
    const lines = checklist(deploymentMessage(progressView({ stage: 'rerouted', instances: instances(4, 4) })).blocks);
    expect(lines.slice(2, 6)).toEqual([
      '✅ Revision installed on green · 4/4 instances',
      '✅ Ready to reroute',
      '✅ Traffic rerouted to green · blue: 4/4 out of the load balancer',
      '⏳ Blue fleet on standby · 4 blue instances',
    ]);
  });

  it('marks where a failed deployment stopped, with failed counts, the error and no buttons', () => {
    const view = progressView({
      status: 'Failed',
      outcome: 'failed',
      finishedAt: FINISHED,
      instances: instances(2, 0, 1),
      error: {
        code: 'HOOK_EXECUTION_FAILURE',
        message: 'The deployment failed because a specified file <x> already exists',
      },
    });
    const message = deploymentMessage(view);
    expect(checklist(message.blocks)[2]).toBe('❌ Revision installed on green · 2/4 instances, 1 failed');
    expect(allText(message.blocks)).toContain(
      '❌ *HOOK_EXECUTION_FAILURE*: The deployment failed because a specified file &lt;x&gt; already exists',
    );
    expect(message.text).toBe('🟥 FAILED: web → prod · v42 (HOOK_EXECUTION_FAILURE)');
    expect(actionsOf(message.blocks)).toBeUndefined();
  });

  it.each<[string, Partial<ProgressView>, string]>([
    ['running', {}, '`▓▓▓░░░░░░░ 29%` · 3m 10s elapsed'],
    [
      'succeeded',
      { stage: 'done', status: 'Succeeded', outcome: 'succeeded', finishedAt: FINISHED },
      '`▓▓▓▓▓▓▓▓▓▓ 100%` · took 4m 12s',
    ],
  ])('shows a progress bar and the time when %s', (_case, overrides, line) => {
    expect(textsOf(deploymentMessage(progressView(overrides)).blocks[3])).toEqual([line]);
  });

  it('offers a reroute with a confirm dialog and the deployment id, and says what the ready wait does', () => {
    const message = deploymentMessage(progressView({ stage: 'ready', status: 'Ready', readyWaitMinutes: 120 }));
    const [reroute, stop] = buttonsOf(message.blocks);
    expect(reroute).toMatchObject({
      action_id: 'deployment.reroute',
      style: 'primary',
      value: 'd-7QX2K9ABC',
      confirm: { title: { text: 'Reroute traffic to green?' } },
    });
    expect(stop).toMatchObject({ action_id: 'deployment.stop', style: 'danger', value: 'd-7QX2K9ABC' });
    expect(stop?.confirm?.text.text).toMatch(/stops d-7QX2K9ABC and redeploys the last good revision/);
    expect(allText(message.blocks)).toContain(
      'If nobody reroutes within 120 minutes of green becoming ready, CodeDeploy stops this deployment',
    );
  });

  it('says who asked for the reroute instead of offering it again', () => {
    const message = deploymentMessage(
      progressView({ stage: 'ready', status: 'Ready', readyWaitMinutes: 120, rerouteRequestedBy: 'U0CAROL' }),
    );
    expect(allText(message.blocks)).toContain('🔀 Reroute requested by <@U0CAROL>');
    expect(allText(message.blocks)).not.toContain('If nobody reroutes');
  });

  it('offers blue termination with a confirm dialog', () => {
    const [terminate] = buttonsOf(deploymentMessage(progressView({ stage: 'rerouted' })).blocks);
    expect(terminate).toMatchObject({
      action_id: 'deployment.terminate-blue',
      style: 'danger',
      value: 'd-7QX2K9ABC',
      confirm: { confirm: { text: 'Terminate blue' } },
    });
  });

  it.each<[string, Partial<ProgressView>, string]>([
    [
      'a deploy rolled back',
      { status: 'Failed', outcome: 'failed', rolledBackBy: 'd-RB0000001' },
      '↩️ Rolled back by deployment `d-RB0000001`',
    ],
    [
      'a rollback',
      { kind: 'rollback', revision: 'v41', rollbackOf: 'd-BAD000001' },
      '↩️ This rollback replaces deployment `d-BAD000001`',
    ],
  ])('notes the rollback link of %s', (_case, overrides, note) => {
    expect(allText(deploymentMessage(progressView(overrides)).blocks)).toContain(note);
  });

  it('reads the time from the view, not the clock', () => {
    expect(textsOf(deploymentMessage(progressView({ now: new Date(NOW.getTime() + 60_000) })).blocks[3])[0]).toContain(
      '4m 10s elapsed',
    );
  });
});

describe('deploymentFailureReply', () => {
  const failed = progressView({
    status: 'Failed',
    outcome: 'failed',
    finishedAt: FINISHED,
    error: { code: 'HOOK_EXECUTION_FAILURE', message: 'hook failed' },
  });

  it('names the instance, label, hook, error code, script, message and log tail, then what to do next', () => {
    // Act
    const reply = deploymentFailureReply({ view: failed, failures: [lifecycleFailure()] });
    // Assess
    expect(reply.text).toBe('FAILED: web → prod · v42: AfterInstall failed on i-0a1b2c3d4e5f60001 (ScriptFailed)');
    const text = allText(reply.blocks);
    expect(text).toContain('1 lifecycle hook failed on 1 instance');
    expect(text).toContain('*`i-0a1b2c3d4e5f60001`* (green) · *AfterInstall* failed · `ScriptFailed`');
    expect(text).toContain('Script: `scripts/migrate.sh`');
    expect(text).toContain(
      '> Script at specified location: scripts/migrate.sh run as user root failed with exit code 1',
    );
    expect(text).toContain('```[stdout]Running migrations\n[stderr]ERROR: relation "users" already exists```');
    expect(text).toContain('`/deploy web prod <revision>`');
    expect(text).toContain('`/rollback web prod`');
    expectWithinSlackLimits(reply);
  });

  it('keeps the end of a 4 KB log, caps 30 failed instances at 5 and stays well within Slack’s size limits', () => {
    // Prepare
    const log =
      `${Array.from({ length: 80 }, (_, i) => `[stdout]step ${i}: <ok> & more output`).join('\n')}\n[stderr]FATAL: migration 0042 failed`.padStart(
        4096,
        '#',
      );
    const failures = Array.from({ length: 30 }, (_, i) =>
      lifecycleFailure({ instanceId: `i-0a1b2c3d4e5f6${String(i).padStart(4, '0')}`, logTail: log }),
    );
    // Act
    const reply = deploymentFailureReply({ view: failed, failures });
    // Assess
    expectWithinSlackLimits(reply);
    const text = allText(reply.blocks);
    expect(text.match(/FATAL: migration 0042 failed```/g)).toHaveLength(5);
    expect(text).toContain('&lt;ok&gt; &amp; more output');
    expect(text).toContain('```…\n[stdout]step');
    expect(text).not.toContain('step 0:');
    expect(text).toContain('…and 25 more failed hooks');
    expect(JSON.stringify(reply.blocks).length).toBeLessThan(12_000);
  });

  it('says so when no lifecycle hook failed', () => {
    const reply = deploymentFailureReply({ view: failed, failures: [] });
    expect(allText(reply.blocks)).toContain('without a failed lifecycle hook: *HOOK_EXECUTION_FAILURE* hook failed');
    expectWithinSlackLimits(reply);
  });

  it('mentions a rollback already under way', () => {
    const reply = deploymentFailureReply({
      view: { ...failed, rolledBackBy: 'd-RB0000001' },
      failures: [lifecycleFailure()],
    });
    expect(allText(reply.blocks)).toContain('CodeDeploy is already rolling back with `d-RB0000001`');
  });

  it('keeps triple backticks in a log from closing the code block', () => {
    const reply = deploymentFailureReply({
      view: failed,
      failures: [lifecycleFailure({ logTail: 'echo ```oops```\nexit 1' })],
    });
    expect(allText(reply.blocks)).toContain("```echo '''oops'''\nexit 1```");
  });
});

describe('deploymentMessage: the Auto Scaling group blue/green replaces', () => {
  const GREEN = 'CodeDeploy_edu-web-prod_d-7QX2K9ABC';
  const lines = (view: ProgressView): string => deploymentMessage(view).blocks.flatMap(textsOf).join('\n');

  it.each<[string, Partial<ProgressView>, RegExp | undefined]>([
    [
      'names the green group while it is provisioned',
      { outcome: 'running', stage: 'installing' },
      /🟦 Green fleet: Auto Scaling group `CodeDeploy_edu-web-prod_d-7QX2K9ABC`/,
    ],
    [
      'says which group serves once it succeeded',
      { outcome: 'succeeded', stage: 'done', finishedAt: NOW },
      /🟩 Now serving: Auto Scaling group `CodeDeploy_edu-web-prod_d-7QX2K9ABC`/,
    ],
    [
      'says nothing of a group a failed deployment deleted',
      { outcome: 'failed', stage: 'installing', finishedAt: NOW },
      undefined,
    ],
  ])('%s', (_case, overrides, expected) => {
    // Act
    const text = lines(progressView({ ...overrides, greenGroup: GREEN }));
    // Assess
    if (expected) expect(text).toMatch(expected);
    else expect(text).not.toContain(GREEN);
  });

  it('has no fleet line when CodeDeploy does not copy the group', () => {
    expect(lines(progressView({ outcome: 'succeeded', stage: 'done', finishedAt: NOW }))).not.toMatch(
      /Green fleet: Auto Scaling group|Now serving/,
    );
  });
});
