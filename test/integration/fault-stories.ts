import { endScaleOut, scaleOut } from '../../sandbox/aws/codedeploy-scale-out';
import { handler as ciHandler } from '../../functions/ci';
import type { SlackCall } from '../fakes/slack-api';
import { CI_ROLE, ciEvent, sessionOf } from './ci-flow';
import { lambdaContext } from './harness';
import { PNG, tsOf } from './alarm-flow';
import { ebCpuAlarm, PROD } from './alarm-payloads';
import type { Result, Scene, Story } from './fault-matrix';
import { type FaultWorld, text } from './fault-world';

export type { Story } from './fault-matrix';

/**
 * The stories of the fault matrix: one delivery under test each, after clean steps that set the scene. Together
 * they send every AWS operation and Slack method the worker, deployEvents, alarmEvents and the sweeper use; each
 * says what its outcome message is, what must never happen twice, and what a clean run ends in.
 */

const ALARM_KEY = '111111111111:ap-northeast-2:edu-web-prod-cpu-high';
const cpuAlarm = (state: 'ALARM' | 'OK', minutesAgo: number) =>
  ebCpuAlarm(
    { ...PROD, name: 'edu-web-prod-cpu-high' },
    { state, at: new Date(Date.now() - minutesAgo * 60_000) },
    'edu-web-prod-asg',
  );

const count = (lines: string[], pattern: RegExp) => lines.filter((line) => pattern.test(line)).length;
/** How often each subject was said, as `once` counts: `<what> (<subject>)`. */
const countBy = (subjects: string[], what: string): Record<string, number> =>
  Object.fromEntries(
    [...new Set(subjects)].map((subject) => [`${what} (${subject})`, subjects.filter((s) => s === subject).length]),
  );
const FAILED = /\*failed\*|dead-letters/;
/** A section or part the message says it could not show: `unavailable: …`. */
const UNAVAILABLE = 'unavailable: ';
const verdict = (ok: boolean, degraded = false): Result => (ok ? (degraded ? 'degraded' : 'ok') : 'failed');
const failures = (world: FaultWorld, scene: Scene, pattern = FAILED) =>
  world.audit(scene.mark).filter((line) => pattern.test(line));
const replies = (world: FaultWorld, scene: Scene, url = 'responseUrl', user = 'user') =>
  world.repliesTo(scene[url] ?? '', scene[user] ?? '', Number(scene.mark ?? 0));

// ---- worker ----

/** /deploy on staging (no gate): the deployment starts and gets one progress message; carol hears it started. */
export const deployStory: Story = {
  fn: 'worker',
  title: '/deploy web staging v43',
  prepare: async (world) => ({
    responseUrl: await world.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01'),
    user: 'U0CAROL',
  }),
  act: (world) => world.sqs(),
  outcomes: (world, scene) => replies(world, scene),
  result: (world, scene) =>
    verdict(
      replies(world, scene).some((c) => text(c).includes('Started `d-')) && world.posts('C0STAGING01').length === 1,
    ),
  once: (world) => ({
    'deployment created': world.codedeploy.deployments.size,
    'progress message posted': world.posts('C0STAGING01').length,
    'audit "started" posted': count(world.audit(), /deployment d-\w+ started/),
  }),
  announced: (world, scene) => failures(world, scene),
};

/**
 * A CI request for web staging (no gate), taken by the ci function (clean); the delivery under test is the worker's
 * job: /deploy's rules, the deployment and its progress message. The CI job hears through the state it polls, so
 * that state is its outcome: started, or failed with a reason that names what to check.
 */
export const ciDeployStory: Story = {
  fn: 'worker',
  title: 'a CI request: deploy web staging v50',
  prepare: async () => {
    const response = await ciHandler(
      ciEvent('POST /ci/deployments', {
        userArn: sessionOf(CI_ROLE),
        body: { app: 'web', env: 'staging', revision: 'v50', idempotencyKey: 'run-9001-1' },
      }),
      lambdaContext,
    );
    const { id } = JSON.parse(response.body) as { id: string };
    return { id };
  },
  act: async (world, scene) => {
    const delivered = await world.sqs();
    // The CI job's next poll is a later request, after the fault, and not the delivery under test: its calls are
    // neither faulted nor rows of the matrix (the ci function's own answers are ci.test.ts's).
    world.tap.rules.length = 0;
    const before = world.tap.calls.length;
    const polled = await ciHandler(
      ciEvent('GET /ci/deployments/{id}', { userArn: sessionOf(CI_ROLE), id: scene.id ?? '' }),
      lambdaContext,
    );
    world.tap.calls.length = before;
    scene.polled = polled.body;
    return delivered;
  },
  outcomes: (_world, scene) => {
    const polled = JSON.parse(scene.polled ?? '{}') as { state?: string };
    // A state the job ended in is what the CI job is told; `queued` is nothing told yet.
    return polled.state && polled.state !== 'queued'
      ? [{ method: 'ci:GET /ci/deployments/{id}', path: '', args: polled }]
      : [];
  },
  result: (world, scene) =>
    verdict(
      (JSON.parse(scene.polled ?? '{}') as { state?: string }).state === 'running' &&
        world.posts('C0STAGING01').length === 1,
    ),
  once: (world) => ({
    'deployment created': world.codedeploy.deployments.size,
    'progress message posted': world.posts('C0STAGING01').length,
    'audit "started" posted': count(world.audit(), /deployment d-\w+ started/),
  }),
  announced: (world, scene) => failures(world, scene),
};

/** A deployment of web staging, moved on to `step` by CodeDeploy and shown by deployEvents, all clean. */
async function deployedTo(world: FaultWorld, steps: ('start' | 'installed')[]): Promise<{ id: string; ts: string }> {
  await world.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
  await world.sqs();
  const [id = ''] = world.codedeploy.deployments.keys();
  for (const step of steps) {
    world.codedeploy.advance(id, step);
    await world.deployEvent(id, step === 'installed' ? 'READY' : 'START');
  }
  return { id, ts: tsOf(world.posts('C0STAGING01')[0]) };
}

/** A deployment button: pressed once, done in CodeDeploy, audited; the clicker hears only if it did not work. */
function buttonStory(
  action: 'deployment.reroute' | 'deployment.stop',
  verb: string,
  steps: ('start' | 'installed')[],
  effect: (world: FaultWorld, id: string) => boolean,
): Story {
  const done = new RegExp(`${verb}: done`);
  return {
    fn: 'worker',
    title: `${action} (dan, staging)`,
    prepare: async (world) => {
      const { id, ts } = await deployedTo(world, steps);
      const mark = world.mark();
      return { id, ts, mark, user: 'U0DAN', responseUrl: await world.click(action, id, 'U0DAN', 'C0STAGING01', ts) };
    },
    act: (world) => world.sqs(),
    // The clicker hears only when it did not work; that it did is the audit line, or (when Slack would not take
    // that) the progress message the press moved on.
    outcomes: (world, scene) => {
      const answers = [...replies(world, scene), ...world.posts('C0AUDIT0001').filter((c) => done.test(text(c)))];
      return answers.length
        ? answers
        : world
            .updatesOf(scene.ts ?? '')
            .filter((c) => world.harness.slack.calls.indexOf(c) >= Number(scene.mark))
            .slice(-1);
    },
    result: (world, scene) => verdict(replies(world, scene).length === 0 && effect(world, scene.id ?? '')),
    once: (world, scene) => ({ [`audit "${verb}: done"`]: count(world.audit(scene.mark), done) }),
    announced: (world, scene) => failures(world, scene),
  };
}

export const rerouteStory = buttonStory(
  'deployment.reroute',
  'reroute traffic',
  ['start', 'installed'],
  (world, id) => world.codedeploy.get(id).info.status === 'InProgress',
);
export const stopStory = buttonStory(
  'deployment.stop',
  'stop and roll back',
  ['start'],
  (world, id) => world.codedeploy.get(id).info.status === 'Stopped',
);

/**
 * /waf-exempt on protected prod: alice asks and confirms (clean); the delivery under test is bob's approval, which
 * applies it: the record, the IP set, the web ACL, the announcements, and alice's answer.
 */
export const wafApprovalStory: Story = {
  fn: 'worker',
  title: 'approve /waf-exempt prod … from 203.0.113.0/24',
  prepare: async (world) => {
    const responseUrl = await world.type(
      '/waf-exempt prod AdminProtection /admin for 1h from 203.0.113.0/24 Django admin',
      'U0ALICE',
      'alice',
      'C0PRODOPS01',
    );
    await world.sqs();
    const requestId =
      /"value":"(req-[\w-]+)"/.exec(JSON.stringify(world.repliesTo(responseUrl, 'U0ALICE').map((c) => c.args)))?.[1] ??
      '';
    await world.click('request.confirm', requestId, 'U0ALICE', 'C0PRODOPS01');
    await world.sqs();
    const approval = world.posts('C0PRODOPS01').find((c) => text(c).includes('request.approve'));
    const approvalId = /"value":"(req-[\w-]+)"/.exec(text(approval))?.[1] ?? '';
    const mark = world.mark();
    const bobUrl = await world.click('request.approve', approvalId, 'U0BOB', 'C0PRODOPS01', tsOf(approval));
    return { responseUrl, user: 'U0ALICE', bobUrl, bob: 'U0BOB', mark };
  },
  act: (world) => world.sqs(),
  outcomes: (world, scene) => [...replies(world, scene), ...replies(world, scene, 'bobUrl', 'bob')],
  result: (world, scene) =>
    verdict(
      replies(world, scene).some((c) => text(c).includes('make it permanent in the infrastructure code')) &&
        world.waf.webAcl.Rules.some((rule) => JSON.stringify(rule).includes('blueshift:exemption:prod-')),
    ),
  once: (world, scene) => ({
    'exemption announced in prod': count(
      world
        .posts('C0PRODOPS01')
        .filter((c) => world.harness.slack.calls.indexOf(c) >= Number(scene.mark))
        .map(text),
      /make it permanent/,
    ),
    'IP set created': world.waf.ipSets.size,
    'exemption in the web ACL': count(
      world.waf.webAcl.Rules.map((rule) => JSON.stringify(rule)),
      /blueshift:exemption:prod-/,
    ),
  }),
  announced: (world, scene) => failures(world, scene),
};

/** An alarm message alarmEvents posted (clean), ready for its buttons. */
async function alarmPosted(world: FaultWorld): Promise<string> {
  await world.alarmEvent(cpuAlarm('ALARM', 10));
  return tsOf(world.posts('C0PRODOPS01')[0]);
}

/** Snooze 1h: the actions off as alice, the message and its thread say so, the audit channel hears it. */
export const snoozeStory: Story = {
  fn: 'worker',
  title: 'alarm Snooze 1h (alice)',
  prepare: async (world) => {
    const ts = await alarmPosted(world);
    const mark = world.mark();
    return {
      ts,
      mark,
      user: 'U0ALICE',
      responseUrl: await world.click('alarm.snooze-1h', ALARM_KEY, 'U0ALICE', 'C0PRODOPS01', ts),
    };
  },
  act: (world) => world.sqs(),
  outcomes: (world, scene) => [
    ...replies(world, scene),
    ...world.thread(scene.ts ?? '').filter((c) => text(c).includes('snoozed the alarm')),
  ],
  result: (world, scene) =>
    verdict(
      world.thread(scene.ts ?? '').some((c) => text(c).includes('snoozed the alarm')) &&
        replies(world, scene).length === 0,
    ),
  once: (world, scene) => ({ 'audit "snooze" posted': count(world.audit(scene.mark), /allowed.*snooze alarm/) }),
  announced: (world, scene) => failures(world, scene),
};

/** /status web prod: every section read from AWS; a section AWS will not give says why, the rest is shown. */
export const statusStory: Story = {
  fn: 'worker',
  title: '/status web prod',
  prepare: async (world) => ({
    responseUrl: await world.type('/status web prod', 'U0CAROL', 'carol', 'C0PRODOPS01'),
    user: 'U0CAROL',
  }),
  act: (world) => world.sqs(),
  outcomes: (world, scene) => replies(world, scene),
  result: (world, scene) => {
    const shown = replies(world, scene).filter((c) => text(c).includes('Status of web prod'));
    // A section it could not read says `unavailable: …`; an account it could not reach, a warning under its name.
    return verdict(
      shown.length > 0,
      shown.some((c) => text(c).includes(UNAVAILABLE) || text(c).includes('protected\\n:warning:')),
    );
  },
  once: () => ({}),
  announced: (world, scene) => failures(world, scene),
};

// ---- deployEvents ----

/** CodeDeploy fails the deployment in AfterInstall: the message turns red, the thread says why, once. */
export const deployFailureStory: Story = {
  fn: 'deployEvents',
  title: 'FAILURE of a staging deployment',
  prepare: async (world) => {
    const { id, ts } = await deployedTo(world, ['start']);
    world.codedeploy.advance(id, 'fail-after-install');
    return { id, ts, mark: world.mark() };
  },
  act: (world, scene) => world.deployEvent(scene.id ?? '', 'FAILURE'),
  outcomes: (world, scene) => world.thread(scene.ts ?? '').filter((c) => text(c).includes('AfterInstall')),
  result: (world, scene) =>
    verdict(
      text(world.updatesOf(scene.ts ?? '').at(-1)).includes('FAILED') &&
        world.thread(scene.ts ?? '').some((c) => text(c).includes('AfterInstall')),
    ),
  once: (world, scene) => ({
    'audit "deploy … failed" posted': count(world.audit(scene.mark), /failed.*deploy of v43 failed/),
  }),
  announced: (world, scene) => world.audit(scene.mark).filter((line) => !line.includes('deploy of v43 failed')),
};

/** What a message shows now: its last edit, or the post. */
const shownNow = (world: FaultWorld, posted: SlackCall | undefined): string =>
  text(world.updatesOf(tsOf(posted)).at(-1) ?? posted);

/**
 * CI started a deployment of web prod: its START adopts it, with one progress message saying so and one audit line
 * (docs/decisions/0021).
 */
export const adoptStory: Story = {
  fn: 'deployEvents',
  title: 'START of a deployment started outside Slack (prod)',
  prepare: (world) => {
    const deployment = world.codedeploy.create(
      {
        applicationName: 'edu-web',
        deploymentGroupName: 'edu-web-prod',
        revision: world.codedeploy.revisionLocation('web/v42.zip'),
        description: 'Deploy build 42 via GitHub Actions',
      },
      'user',
    );
    const id = deployment.info.deploymentId ?? '';
    world.codedeploy.advance(id, 'start');
    return Promise.resolve({ id, mark: world.mark() });
  },
  act: (world, scene) => world.deployEvent(scene.id ?? '', 'START'),
  outcomes: (world, scene) => world.posts('C0PRODOPS01').filter((c) => text(c).includes(scene.id ?? '')),
  result: (world, scene) => {
    const [posted] = world.posts('C0PRODOPS01').filter((c) => text(c).includes(scene.id ?? ''));
    return verdict(shownNow(world, posted).includes('Started outside Slack'));
  },
  once: (world, scene) => ({
    'progress message posted': world.posts('C0PRODOPS01').filter((c) => text(c).includes(scene.id ?? '')).length,
    'audit "started outside Slack" posted': count(world.audit(scene.mark), /started outside Slack by user/),
  }),
  announced: (world, scene) => failures(world, scene),
  also: ['codedeploy:GetDeployment', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'slack:chat.postMessage'],
};

/**
 * Auto Scaling's deployment to a new instance of edu-web-prod-asg fails (the fleet out of CPU credits): one message
 * in prod's channel with the instance, its failed hook, the scaling activities and the credits.
 */
export const scaleOutFailureStory: Story = {
  fn: 'deployEvents',
  title: 'FAILURE of a scale-out (prod)',
  prepare: (world) => {
    const deployment = scaleOut(world.codedeploy, 'edu-web-prod', 'i-0new000000000001');
    const id = deployment.info.deploymentId ?? '';
    endScaleOut(world.codedeploy, id, 'failed');
    return Promise.resolve({ id, mark: world.mark() });
  },
  act: (world, scene) => world.deployEvent(scene.id ?? '', 'FAILURE'),
  outcomes: (world) => world.posts('C0PRODOPS01'),
  result: (world) => {
    const shown = shownNow(world, world.posts('C0PRODOPS01')[0]);
    return verdict(
      shown.includes('failed its install') && shown.includes('i-0new000000000001'),
      shown.includes(UNAVAILABLE),
    );
  },
  once: (world) => ({ 'scale-out message posted': world.posts('C0PRODOPS01').length }),
  announced: (world, scene) => failures(world, scene),
  also: [
    'codedeploy:GetDeployment',
    'codedeploy:ListDeploymentTargets',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'slack:chat.postMessage',
  ],
};

// ---- alarmEvents ----

/** ALARM: one message in prod's channel, with the throttling diagnosis and the graph in its thread. */
export const alarmOpenStory: Story = {
  fn: 'alarmEvents',
  title: 'ALARM edu-web-prod-cpu-high',
  prepare: () => Promise.resolve({}),
  act: (world) => world.alarmEvent(cpuAlarm('ALARM', 10)),
  outcomes: (world) => world.posts('C0PRODOPS01'),
  result: (world) => {
    const [posted] = world.posts('C0PRODOPS01');
    const shown = text(world.updatesOf(tsOf(posted)).at(-1) ?? posted);
    const graphed =
      world.harness.slack.uploads.some((u) => u.bytes.length === PNG.length) &&
      world.harness.slack.callsTo('files.completeUploadExternal').length > 0;
    return verdict(shown.includes('edu-web-prod-cpu-high'), !graphed || shown.includes(UNAVAILABLE));
  },
  once: (world) => ({ 'graph shared': world.harness.slack.callsTo('files.completeUploadExternal').length }),
  announced: (world) => world.audit(),
  shown: (world) => {
    const [posted] = world.posts('C0PRODOPS01');
    return text(world.updatesOf(tsOf(posted)).at(-1) ?? posted);
  },
};

/** OK: the message says resolved, and its thread hears so once. */
export const alarmResolveStory: Story = {
  fn: 'alarmEvents',
  title: 'OK edu-web-prod-cpu-high',
  prepare: async (world) => ({ ts: await alarmPosted(world) }),
  act: (world) => world.alarmEvent(cpuAlarm('OK', 1)),
  outcomes: (world, scene) => world.thread(scene.ts ?? '').filter((c) => text(c).includes('Back to OK')),
  result: (world, scene) =>
    verdict(
      text(world.updatesOf(scene.ts ?? '').at(-1)).includes('Resolved') &&
        world.thread(scene.ts ?? '').some((c) => text(c).includes('Back to OK')),
    ),
  once: () => ({}),
  announced: (world) => world.audit(),
};

// ---- sweeper ----

/** A failing sweep and the next one: enough to see a passing fault recover and a lasting one announced once. */
const SWEEPS = 2;
/** Posts in a channel from `mark` on, matching a pattern. */
const postsSince = (world: FaultWorld, channel: string, mark: string | undefined, pattern: RegExp) =>
  world
    .posts(channel)
    .filter((c) => world.harness.slack.calls.indexOf(c) >= Number(mark ?? 0) && pattern.test(text(c)));

/** An exemption applied through /waf-exempt, confirm and approval, all clean. */
async function exemptionApplied(world: FaultWorld): Promise<void> {
  await wafApprovalStory.prepare(world);
  await world.sqs();
}

/** The sweeper reverts an expired exemption (and deletes its IP set) and says so; a revert that fails is announced. */
export const revertStory: Story = {
  fn: 'sweeper',
  title: 'revert an expired WAF exemption',
  prepare: async (world) => {
    await exemptionApplied(world);
    world.wait(61 * 60_000);
    return { mark: world.mark() };
  },
  act: (world) => world.sweeps(SWEEPS),
  outcomes: (world, scene) => postsSince(world, 'C0PRODOPS01', scene.mark, /reverted/),
  result: (world) =>
    verdict(
      !world.waf.webAcl.Rules.some((rule) => JSON.stringify(rule).includes('blueshift:exemption:')) &&
        world.waf.ipSets.size === 0,
    ),
  once: (world, scene) => ({ 'revert failure announced': failures(world, scene, /could not be reverted/).length }),
  announced: (world, scene) => failures(world, scene, /could not be reverted/),
};

/** The sweeper turns a snoozed alarm's actions on again when the hour is up, and says so in the thread. */
export const reenableStory: Story = {
  fn: 'sweeper',
  title: 're-enable a snoozed alarm',
  prepare: async (world) => {
    const scene = await snoozeStory.prepare(world);
    await world.sqs();
    world.wait(61 * 60_000);
    return { ...scene, mark: world.mark() };
  },
  act: (world) => world.sweeps(SWEEPS),
  outcomes: (world, scene) => world.thread(scene.ts ?? '').filter((c) => text(c).includes('re-enabled')),
  result: (world, scene) => verdict(world.thread(scene.ts ?? '').some((c) => text(c).includes('re-enabled'))),
  once: (world, scene) => ({ 're-enable failure announced': failures(world, scene, /\*failed\*.*re-enable/).length }),
  announced: (world, scene) => failures(world, scene, /\*failed\*.*re-enable/),
};

/** An approval nobody gave within 30 minutes: expired, the request edited, alice told once. */
export const expireStory: Story = {
  fn: 'sweeper',
  title: 'expire an unanswered approval',
  prepare: async (world) => {
    const responseUrl = await world.type('/deploy web prod v42', 'U0ALICE', 'alice', 'C0PRODOPS01');
    await world.sqs();
    world.wait(31 * 60_000);
    return { responseUrl, user: 'U0ALICE', mark: world.mark(), ts: tsOf(world.posts('C0PRODOPS01')[0]) };
  },
  act: (world) => world.sweeps(SWEEPS),
  outcomes: (world, scene) => replies(world, scene),
  result: (world, scene) =>
    verdict(replies(world, scene).length > 0, !text(world.updatesOf(scene.ts ?? '').at(-1)).includes('expired')),
  once: (world, scene) => ({ 'audit "expired" posted': count(world.audit(scene.mark), /expired/) }),
  announced: (world, scene) => failures(world, scene, /expired/),
};

/** A deployment whose events never came: the sweeper brings its quiet progress message up to date from CodeDeploy. */
export const refreshStory: Story = {
  fn: 'sweeper',
  title: 'refresh a quiet progress message',
  prepare: async (world) => {
    const { id, ts } = await deployedTo(world, ['start']);
    world.codedeploy.advance(id, 'installed');
    world.wait(4 * 60_000);
    return { id, ts };
  },
  act: (world) => world.sweeps(SWEEPS),
  outcomes: (world, scene) =>
    text(world.updatesOf(scene.ts ?? '').at(-1)).includes('Ready to reroute') ? world.posts('C0STAGING01') : [],
  result: (world, scene) => verdict(text(world.updatesOf(scene.ts ?? '').at(-1)).includes('Ready to reroute')),
  once: (world) => ({ 'progress message posted': world.posts('C0STAGING01').length }),
  announced: () => [],
};

/** The CPU-credit watch, every five minutes: one warning for web prod's exhausted fleet. */
export const creditStory: Story = {
  fn: 'sweeper',
  title: 'CPU-credit watch',
  prepare: (world) => {
    const now = new Date();
    world.wait((5 - (now.getUTCMinutes() % 5)) * 60_000 - now.getUTCSeconds() * 1000 + 30_000);
    return Promise.resolve({});
  },
  // Two looks, five minutes apart.
  act: (world) => world.sweeps(2, 5 * 60_000),
  outcomes: (world) => world.posts('C0PRODOPS01').filter((c) => text(c).includes('CPU credits')),
  result: (world) => verdict(world.posts('C0PRODOPS01').some((c) => text(c).includes('CPU credits'))),
  // Each fleet's failure once: a missing permission fails every group the watch looks at, each said once.
  once: (world) =>
    countBy(
      world
        .audit()
        .filter((line) => line.includes('CPU-credit watch'))
        .map(
          (line) =>
            /\(([\w-]+ [\w-]+)\) — the CPU-credit watch cannot read ([^:]+):/.exec(line)?.slice(1).join(': ') ?? line,
        ),
      'watch failure announced',
    ),
  announced: (world) => world.audit().filter((line) => line.includes('CPU-credit watch')),
};

/** A lock taken for 30 minutes, past its end: the sweeper lifts it and says so once in staging's channel. */
export const lockExpiryStory: Story = {
  fn: 'sweeper',
  title: 'lift an expired deploy lock',
  prepare: async (world) => {
    await world.type('/deploy lock web staging for 30m load test', 'U0CAROL', 'carol', 'C0STAGING01');
    await world.sqs();
    world.wait(31 * 60_000);
    return { mark: world.mark() };
  },
  act: (world) => world.sweeps(SWEEPS),
  outcomes: (world, scene) => postsSince(world, 'C0STAGING01', scene.mark, /lock by .* expired/),
  result: (world, scene) => verdict(postsSince(world, 'C0STAGING01', scene.mark, /lock by .* expired/).length === 1),
  once: (world, scene) => ({
    'lock expiry announced': postsSince(world, 'C0STAGING01', scene.mark, /lock by .* expired/).length,
  }),
  announced: () => [],
};
