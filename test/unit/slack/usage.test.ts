import { statusSpec } from '../../../commands/specs/status';
import { context, section } from '../../../lib/slack/blocks/kit';
import {
  failureMessage,
  helpMessage,
  refusalMessage,
  usageErrorMessage,
  workingMessage,
} from '../../../lib/slack/blocks/usage';
import { deploySpec } from '../../../commands/specs/deploy';
import { lockSpec } from '../../../commands/specs/deploy-lock';
import { expectWithinSlackLimits } from './limits';

const DURATIONS = context(
  'Durations: `30m`, `2h`, `1d`. Anything after the last argument is the reason, recorded in the audit log.',
);

describe('helpMessage', () => {
  it('describes /status from its spec: usage, summary, examples and who may run it', () => {
    // Act
    const message = helpMessage('status', [statusSpec]);
    // Assess
    expect(message).toEqual({
      text: 'How to use /status',
      blocks: [
        section('*`/status`* — what it takes:'),
        section(
          '*`/status [app] [env]`*\nDeployments, locks, alarms, fleet, CPU credits, agents and WAF exemptions, in one message.\n_Examples:_ `/status`  `/status web`  `/status web prod`  `/status prod`\n_Who:_ anyone in a blueshift channel',
        ),
        DURATIONS,
      ],
    });
    expectWithinSlackLimits(message);
  });

  it('lists every form of a command, in the order of its specs', () => {
    // Act
    const message = helpMessage('deploy', [lockSpec, deploySpec]);
    // Assess
    expect(message.blocks).toEqual([
      section('*`/deploy`* — what it takes:'),
      section(
        "*`/deploy lock &lt;app&gt; &lt;env&gt; [for &lt;duration&gt;] [reason…]`*\nStops deploys to an app and environment (yours still go through) until it is unlocked or its time is up; /rollback stays possible. On a held lock, offers to request a take-over.\n_Examples:_ `/deploy lock web prod database migration running`  `/deploy lock web prod for 2h load test`\n_Who:_ the environment's operators",
      ),
      section(
        "*`/deploy &lt;app&gt; &lt;env&gt; [revision] [override &lt;reason…&gt;]`*\nStarts a CodeDeploy blue/green deployment of a revision, with one live progress message in the channel. In a freeze, `override` and a reason ask an approver to let it through.\n_Examples:_ `/deploy web staging v42`  `/deploy web prod latest`  `/deploy web prod v43 override fix for the login outage`\n_Who:_ the environment's operators",
      ),
      DURATIONS,
    ]);
  });
});

describe('usageErrorMessage', () => {
  it('shows what was typed, what was wrong, the usage and an example', () => {
    // Act
    const message = usageErrorMessage('status', '  blog ', statusSpec, 'unknown app `blog`. Apps: `web`, `api`.');
    // Assess
    expect(message).toEqual({
      text: '/status blog: unknown app `blog`. Apps: `web`, `api`.',
      blocks: [
        section(
          ':x: `/status blog` — unknown app `blog`. Apps: `web`, `api`.\nUsage: `/status [app] [env]`  e.g. `/status`',
        ),
        context('`/status help` lists every form of the command.'),
      ],
    });
    expectWithinSlackLimits(message);
  });

  it.each<[string, Parameters<typeof usageErrorMessage>, string, string]>([
    [
      'points at the subcommand’s help',
      ['deploy', 'lock web', lockSpec, 'missing <env>.'],
      ':x: `/deploy lock web` — missing &lt;env&gt;.\nUsage: `/deploy lock &lt;app&gt; &lt;env&gt; [for &lt;duration&gt;] [reason…]`  e.g. `/deploy lock web prod database migration running`',
      '`/deploy lock help` lists every form of the command.',
    ],
    [
      'has no usage without a spec',
      ['rollback', 'web prod', undefined, 'unknown command `/rollback`.'],
      ':x: `/rollback web prod` — unknown command `/rollback`.',
      '`/rollback help` lists every form of the command.',
    ],
    [
      'cuts what the user typed to 200 characters',
      ['status', 'x'.repeat(500), statusSpec, 'unexpected.'],
      `:x: \`/status ${'x'.repeat(191)}…\` — unexpected.\nUsage: \`/status [app] [env]\`  e.g. \`/status\``,
      '`/status help` lists every form of the command.',
    ],
    [
      'escapes what the user typed',
      ['status', '<!channel> & co', statusSpec, 'unexpected.'],
      ':x: `/status &lt;!channel&gt; &amp; co` — unexpected.\nUsage: `/status [app] [env]`  e.g. `/status`',
      '`/status help` lists every form of the command.',
    ],
  ])('%s', (_case, args, problemLine, helpLine) => {
    // Act
    const message = usageErrorMessage(...args);
    // Assess
    expect(message.blocks).toEqual([section(problemLine), context(helpLine)]);
  });
});

describe('the instant answers', () => {
  it.each([
    [
      'working',
      workingMessage('/status web'),
      { text: 'Working on /status web…', blocks: [context(':hourglass_flowing_sand: Working on `/status web`…')] },
    ],
    [
      'refusal',
      refusalMessage('/deploy web prod', 'only operators of `prod` may run this.'),
      {
        text: 'Not allowed: only operators of `prod` may run this.',
        blocks: [section(':no_entry: `/deploy web prod` refused: only operators of `prod` may run this.')],
      },
    ],
    [
      'failure',
      failureMessage('/status', 'the <queue> is down', 'Try again in a minute.'),
      {
        text: '/status failed: the &lt;queue&gt; is down',
        blocks: [section(':x: `/status` failed: the &lt;queue&gt; is down'), context('Try again in a minute.')],
      },
    ],
    [
      'working, on what the user typed',
      workingMessage('/status <!channel> <@U0EVIL01>'),
      {
        text: 'Working on /status &lt;!channel&gt; &lt;@U0EVIL01&gt;…',
        blocks: [context(':hourglass_flowing_sand: Working on `/status &lt;!channel&gt; &lt;@U0EVIL01&gt;`…')],
      },
    ],
  ])('%s message', (_case, message, expected) => {
    // Assess
    expect(message).toEqual(expected);
    expectWithinSlackLimits(message);
  });
});
