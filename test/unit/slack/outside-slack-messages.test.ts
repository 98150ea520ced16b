import type { KnownBlock } from '@slack/types';
import { descriptionParts } from '../../../commands/deploy/origin';
import type { ScaleOutEpisode } from '../../../commands/scale-out/episode';
import type { ScaleOutView } from '../../../commands/scale-out/view';
import { deploymentMessage } from '../../../lib/slack/blocks/deployment';
import { scaleOutFailingMessage, scaleOutResolvedMessage } from '../../../lib/slack/blocks/scale-out';
import { lifecycleFailure, progressView } from '../../fakes/deployment-progress-views';
import { expectWithinSlackLimits } from './limits';
import { textsOf } from './read-blocks';

const CI = ['https://github.com/edu-org/'];
const HOSTILE =
  'hotfix <!channel> <@U0EVIL01> @here see https://evil.example/x and https://github.com/edu-org/web/actions/runs/7 <https://evil.example|click> & co';
const allText = (blocks: KnownBlock[]): string => blocks.flatMap(textsOf).join('\n');
/** Every link Slack would render from mrkdwn: `<url|label>` or `<url>`. */
const links = (text: string): string[] => [...text.matchAll(/<(https?:\/\/[^|>]+)[|>]/g)].map((m) => m[1] ?? '');

describe('the progress message of a deployment started outside Slack', () => {
  const view = progressView({
    requestedBy: 'blueshift-system',
    origin: { creator: 'user', description: descriptionParts(HOSTILE, CI), commitUrl: undefined },
  });

  it('says who started it, from what CodeDeploy tells, and names no Slack user', () => {
    // Act
    const message = deploymentMessage(view);
    // Assess
    const text = allText(message.blocks);
    expect(text).toContain(
      'Started outside Slack by an AWS user or role (the console, the CLI or CI) (creator `user`)',
    );
    expect(text).not.toContain('Requested by');
    expect(text).not.toContain('<@blueshift-system>');
    expectWithinSlackLimits(message);
  });

  it('shows the description as text, in an element Slack does not pre-process, with only the CI URL a link', () => {
    // Act
    const message = deploymentMessage(view);
    // Assess
    const element = message.blocks
      .flatMap((block) => (block.type === 'context' ? block.elements : []))
      .find((e) => 'text' in e && typeof e.text === 'string' && e.text.startsWith('📝'));
    expect(element).toMatchObject({ type: 'mrkdwn', verbatim: true });
    const text = JSON.stringify(message);
    expect(text).not.toMatch(/<!channel>|<@U0EVIL01>|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt; &lt;@U0EVIL01&gt; @here');
    expect(links(allText(message.blocks)).filter((url) => !url.includes('console.aws.amazon.com'))).toEqual([
      'https://github.com/edu-org/web/actions/runs/7',
    ]);
  });

  it('escapes a revision CodeDeploy names from an S3 key in the notification text', () => {
    // Act
    const message = deploymentMessage({ ...view, revision: 'ci/<!channel>.zip' });
    // Assess
    expect(message.text).not.toContain('<!channel>');
  });

  it('says so when CodeDeploy did not say who started it, or used a creator it does not document', () => {
    // Act
    const unnamed = allText(deploymentMessage({ ...view, origin: { creator: undefined, description: [] } }).blocks);
    const unknown = allText(
      deploymentMessage({ ...view, origin: { creator: 'Robot<!here>', description: [] } }).blocks,
    );
    // Assess
    expect(unnamed).toContain('Started outside Slack (CodeDeploy did not say by whom)');
    expect(unknown).toContain('Started outside Slack (creator `Robot&lt;!here&gt;`)');
  });
});

const T0 = new Date('2026-11-27T09:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function episode(count: number): ScaleOutEpisode {
  const failures = Array.from({ length: count }, (_, i) => ({
    deploymentId: `d-SCALE${i}`,
    at: minutes(i * 7),
    instanceId: `i-0new00000000000${i}`,
    hook: 'ApplicationStart',
  }));
  return {
    app: 'web',
    env: 'prod',
    group: 'edu-web-prod-asg',
    since: T0,
    failures,
    count,
    resolvedBy: undefined,
    channel: undefined,
    ts: undefined,
    shown: '',
    postingUntil: undefined,
    version: count,
  };
}

function scaleOutView(overrides: Partial<ScaleOutView> = {}): ScaleOutView {
  return {
    app: 'web',
    env: 'prod',
    group: 'edu-web-prod-asg',
    episode: episode(3),
    latest: {
      deploymentId: 'd-SCALE2',
      consoleUrl: 'https://ap-northeast-2.console.aws.amazon.com/codesuite/codedeploy/deployments/d-SCALE2',
      revision: 'v41',
      failures: [{ ...lifecycleFailure(), instanceId: 'i-0new000000000002', hook: 'ApplicationStart' }],
      error: undefined,
    },
    activities: {
      ok: true,
      items: [
        {
          at: minutes(14),
          status: 'Failed',
          description:
            "Launching a new EC2 instance: i-0new000000000002. Status Reason: Instance failed to complete user's Lifecycle Action: Lifecycle Action with token 1 was abandoned: Lifecycle Action Completed with ABANDON Result",
        },
      ],
    },
    credits: { kind: 'diagnosed', headline: 'out of CPU credits: held at the 10% baseline for 90 min' },
    now: minutes(15),
    ...overrides,
  };
}

describe('the scale-out episode message', () => {
  it('names the churn, the instance and its failed lifecycle event, the scaling activities and the credits', () => {
    // Act
    const message = scaleOutFailingMessage(scaleOutView());
    // Assess
    const text = allText(message.blocks);
    expect(textsOf(message.blocks[0])[0]).toBe('🔁 web → prod: edu-web-prod-asg is churning');
    expect(text).toContain(
      '3rd failed install on a new instance in 14 min: the group is churning — Auto Scaling keeps replacing instances that never become healthy',
    );
    expect(text).toContain('`i-0new000000000002`');
    expect(text).toContain('*ApplicationStart* failed');
    expect(text).toContain('installing `v41`');
    expect(text).toContain('*Failed*: Launching a new EC2 instance: i-0new000000000002');
    expect(text).toContain("🪫 This group's burstable instances: *out of CPU credits");
    expect(text).toContain('fail their health checks');
    expect(message.text).toBe(
      'web prod: 3rd failed install on a new instance in 14 min: the group is churning — Auto Scaling keeps replacing instances that never become healthy (edu-web-prod-asg)',
    );
    expectWithinSlackLimits(message);
  });

  it('says plainly what it could not read, and a first failure is not yet churn', () => {
    // Act
    const message = scaleOutFailingMessage(
      scaleOutView({
        episode: episode(1),
        activities: {
          ok: false,
          error: 'access denied: the operator role lacks autoscaling:DescribeScalingActivities permission',
        },
        credits: { kind: 'unavailable', error: 'AWS is throttling requests right now; try again in a minute' },
      }),
    );
    // Assess
    const text = allText(message.blocks);
    expect(textsOf(message.blocks[0])[0]).toBe('⚠️ web → prod: a new instance failed its install');
    expect(text).toContain('A new instance failed its install');
    expect(text).toContain(
      'scaling activities unavailable: access denied: the operator role lacks autoscaling:DescribeScalingActivities permission',
    );
    expect(text).toContain('CPU-credit check unavailable');
  });

  it('is resolved by a scale-out that succeeds, with how many failed before', () => {
    // Act
    const message = scaleOutResolvedMessage({
      app: 'web',
      env: 'prod',
      group: 'edu-web-prod-asg',
      episode: { ...episode(3), resolvedBy: { deploymentId: 'd-SCALEOK', at: minutes(30) } },
    });
    // Assess
    const text = allText(message.blocks);
    expect(text).toContain('✅ web → prod: new instances install again');
    expect(text).toContain('A scale-out on `edu-web-prod-asg` succeeded');
    expect(text).toContain('`d-SCALEOK`');
    expect(text).toContain('after 3 failed installs on new instances');
  });
});
