import { ContinueDeploymentCommand, StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { UpdateWebACLCommand } from '@aws-sdk/client-wafv2';
import { handler as sweeperHandler } from '../../functions/sweeper';
import { handler as workerHandler } from '../../functions/worker';
import { concurrentEdit, eduWebAcl } from '../fakes/web-acls';
import {
  cleanRun,
  type Cell,
  knownLimit,
  nextStart,
  resetHarness,
  type Rows,
  runKilled,
  saveRaces,
  useFaultHarness,
} from './fault-matrix';
import { deployStory, wafApprovalStory } from './fault-stories';
import { holdCall } from './fault-taps';
import { tsOf } from './alarm-flow';
import { FaultWorld, text } from './fault-world';
import { lambdaContext, type Harness } from './harness';

jest.mock('../../lib/slack/web-client', () => {
  const actual = jest.requireActual<typeof import('../../lib/slack/web-client')>('../../lib/slack/web-client');
  const { WebClient } = jest.requireActual<typeof import('@slack/web-api')>('@slack/web-api');
  // Production's retries (how many, on what), without the real seconds between them.
  const fast = (url?: string) => {
    const options = actual.webClientOptions(url);
    return { ...options, retryConfig: { ...options.retryConfig, minTimeout: 0, maxTimeout: 0, factor: 1 } };
  };
  return {
    ...actual,
    webClientOptions: fast,
    createWebClient: (token: string, url?: string) => new WebClient(token, fast(url)),
  };
});

/**
 * The races of issue 9, through the real functions: a worker killed half way and redelivered, two approvers at once,
 * an approval against the sweeper's expiry, Stop against Reroute, and a WAF editor saving between the bot's read
 * and write. Each also lands in the printed matrix's "Races" table, next to the races tested elsewhere.
 */
// The killed-half-way tests run a story once per kill point: a loop, not one step.
jest.setTimeout(180_000);
const harnessOf = useFaultHarness();
const races: { race: string; outcome: string; test: string }[] = [];
const HERE = 'test/integration/fault-races.test.ts';
afterAll(() =>
  saveRaces('races', [
    ...races,
    {
      race: 'the same approver clicks Approve twice (a double click)',
      outcome: 'one deployment; the second click hears "already approved"',
      test: 'test/integration/deploy.test.ts',
    },
    {
      race: 'a WAF editor saves between the read and the write of an apply',
      outcome: 're-read, re-applied, their rule kept',
      test: 'test/integration/waf.test.ts',
    },
    {
      race: 'a WAF editor wins 4 times in a row',
      outcome: 'nothing changed; told to try again',
      test: 'test/unit/waf/wafv2-adapter.test.ts',
    },
    {
      race: 'a job redelivered while its claim is stale (crash before marking done)',
      outcome: 'one approval request; exemption not extended; own deployment adopted',
      test: 'deploy-retries, waf, deploy-adopt .test.ts',
    },
    {
      race: 'two deliveries of one ALARM at the same time',
      outcome: 'one episode, one message',
      test: 'test/integration/alarms-episodes.test.ts',
    },
    {
      race: 'an Acknowledge edit lands after the OK edit',
      outcome: 'the message stays resolved',
      test: 'test/integration/alarms-failures.test.ts',
    },
    {
      race: 'a late Approve after the sweeper expired the request',
      outcome: '"already expired", nothing deployed',
      test: 'test/integration/deploy-cases.test.ts',
    },
  ]),
);

function record(race: string, outcome: string): void {
  races.push({ race, outcome, test: HERE });
}

/**
 * Killed at every call of the job: a Lambda timeout just before that call went out (so everything before it took
 * effect), then SQS's redelivery after the visibility timeout, receive count 2.
 */
describe('a worker killed half way (Lambda timeout) and redelivered', () => {
  /** Killed right after Slack took a message, before the bot could record that it did: the redelivery posts again. */
  const postedNotRecorded = knownLimit(
    {},
    'killed between a Slack post and recording it: the redelivery posts it again (Slack has no idempotency key)',
  );

  async function killEverywhere(
    rows: Rows,
    keep: (call: { op: string; nth: number }, index: number) => boolean,
  ): Promise<Cell[]> {
    const cells: Cell[] = [];
    for (const [index, at] of rows.sequence.entries()) {
      const afterPost = /^slack:(chat\.postMessage|response_url|chat\.postEphemeral)$/.test(
        rows.sequence[index - 1]?.op ?? '',
      );
      if (keep(at, index)) cells.push(await runKilled(harnessOf(), rows, at, afterPost ? [postedNotRecorded] : []));
    }
    return cells;
  }

  it('/deploy: at every step, one deployment, one progress message, one answer', async () => {
    // Prepare
    const rows = await cleanRun(harnessOf(), deployStory);
    // Act
    const cells = await killEverywhere(rows, () => true);
    // Assess
    expect(cells.length).toBe(rows.sequence.length);
    expect(cells.filter((cell) => cell.problems.length)).toEqual([]);
    const known = cells.filter((cell) => cell.known.length).length;
    record(
      `/deploy killed before each of its ${cells.length} calls, redelivered`,
      `one deployment, one answer${known ? `; ${known} points right after a Slack post repeat that post (known)` : ''}`,
    );
  });

  it('approving /waf-exempt: before and after each change, one exemption, one IP set, one answer', async () => {
    // Prepare: the calls around the WAF changes and the announcements
    const rows = await cleanRun(harnessOf(), wafApprovalStory);
    const around = new Set<number>();
    rows.sequence.forEach(({ op }, index) => {
      if (/wafv2:(CreateIPSet|UpdateWebACL)|slack:(chat\.postMessage|response_url)/.test(op))
        [index, index + 1].forEach((i) => around.add(i));
    });
    // Act
    const cells = await killEverywhere(rows, (_at, index) => around.has(index));
    // Assess
    expect(cells.length).toBeGreaterThan(4);
    expect(cells.filter((cell) => cell.problems.length)).toEqual([]);
    record(
      `approving /waf-exempt killed before or after each WAF change and post (${cells.length} points), redelivered`,
      'one exemption in the web ACL, one IP set, one answer every time',
    );
  });
});

/** alice's /deploy web prod v42, asking for approval in prod's channel: the request's id and message. */
async function approvalAsked(world: FaultWorld): Promise<{ requestId: string; ts: string; responseUrl: string }> {
  const responseUrl = await world.type('/deploy web prod v42', 'U0ALICE', 'alice', 'C0PRODOPS01');
  await world.sqs();
  const approval = world.posts('C0PRODOPS01').find((c) => text(c).includes('request.approve'));
  return { requestId: /"value":"(req-[\w-]+)"/.exec(text(approval))?.[1] ?? '', ts: tsOf(approval), responseUrl };
}

/** A world for one race, restored after it. */
async function inWorld(run: (world: FaultWorld, harness: Harness) => Promise<void>): Promise<void> {
  const harness = harnessOf();
  await resetHarness(harness);
  const world = new FaultWorld(harness, nextStart());
  try {
    await run(world, harness);
  } finally {
    world.restore();
  }
}

/** Waits (two seconds at most) until the other job has got as far as `done` says. */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !done(); turn += 1) await new Promise((resolve) => setTimeout(resolve, 2));
  if (!done()) throw new Error('the other job never got there');
}

const started = (world: FaultWorld, url: string, user: string, mark = 0) =>
  world.repliesTo(url, user, mark).filter((c) => text(c).includes('Started `d-'));

describe('two approvers clicking Approve at once', () => {
  it('deploys once; the one who lost hears who approved', async () => {
    await inWorld(async (world, harness) => {
      // Prepare: bob and erin both approve prod; both clicks reach the worker in one batch
      harness.slack.setUserGroup('S0OPSLEADS', ['U0BOB', 'U0ERIN']);
      const { requestId, ts, responseUrl } = await approvalAsked(world);
      const mark = Number(world.mark());
      const bob = await world.click('request.approve', requestId, 'U0BOB', 'C0PRODOPS01', ts);
      const erin = await world.click('request.approve', requestId, 'U0ERIN', 'C0PRODOPS01', ts);
      // Act
      const delivered = await world.sqs();
      // Assess
      expect(delivered).toMatchObject({ deliveries: 1, deadLettered: false });
      expect(world.tap.effective('codedeploy:CreateDeployment')).toBe(1);
      const told = [...world.repliesTo(bob, 'U0BOB', mark), ...world.repliesTo(erin, 'U0ERIN', mark)].map(text);
      expect(told).toHaveLength(1);
      expect(told[0]).toMatch(/already approved by <@U0(BOB|ERIN)>/);
      expect(started(world, responseUrl, 'U0ALICE', mark)).toHaveLength(1);
      expect(world.audit(String(mark)).filter((line) => line.includes('*approved*'))).toHaveLength(1);
      record(
        'two approvers click Approve at once (one SQS batch)',
        'one deployment, one "Started" for alice; the other approver hears who approved',
      );
    });
  });
});

describe('Approve racing the sweeper’s expiry', () => {
  /**
   * bob clicks a second before the deadline: his job passes the deadline check and is held just before it writes
   * its decision; the deadline passes and the sweeper, which now lists the request as overdue, is held likewise.
   * Then the two writes go in the order the test says.
   */
  async function race(world: FaultWorld, harness: Harness, first: 'approval' | 'expiry') {
    const { requestId, ts, responseUrl } = await approvalAsked(world);
    world.wait(30 * 60_000 - 1_000);
    const bob = await world.click('request.approve', requestId, 'U0BOB', 'C0PRODOPS01', ts);
    const mark = Number(world.mark());
    world.tap.calls.length = 0;
    const bobsWrite = holdCall('dynamodb:UpdateItem', (_delivery, nth) => nth === 0);
    const sweepersWrite = holdCall('dynamodb:UpdateItem', (_delivery, nth) => nth === 1);
    world.tap.rules.push(bobsWrite.rule, sweepersWrite.rule);
    const approving = workerHandler(harness.takeJobs(1), lambdaContext);
    await bobsWrite.arrived;
    world.wait(2_000);
    const sweeping = sweeperHandler({ id: 'race', time: new Date().toISOString() } as never, lambdaContext);
    await sweepersWrite.arrived;
    const [winner, loser, winnersRun] =
      first === 'approval' ? [bobsWrite, sweepersWrite, approving] : [sweepersWrite, bobsWrite, sweeping];
    winner.release();
    await winnersRun;
    loser.release();
    const [approved, swept] = await Promise.all([approving, sweeping]);
    return { ts, responseUrl, bob, mark, approved, swept };
  }

  it('the expiry deciding first: nothing deployed; bob hears it expired, alice hears once', async () => {
    await inWorld(async (world, harness) => {
      // Act
      const { ts, responseUrl, bob, mark, approved, swept } = await race(world, harness, 'expiry');
      // Assess
      expect(approved.batchItemFailures).toEqual([]);
      expect(swept).toMatchObject({ expireRequests: 1 });
      expect(world.tap.effective('codedeploy:CreateDeployment')).toBe(0);
      expect(world.repliesTo(bob, 'U0BOB', mark).map(text).join()).toContain('already expired');
      expect(world.repliesTo(responseUrl, 'U0ALICE', mark)).toHaveLength(1);
      expect(text(world.updatesOf(ts).at(-1))).toContain('expired');
      record(
        'Approve and the expiry at the deadline, the expiry writing first',
        'nothing deployed; bob hears "already expired"; alice told once',
      );
    });
  });

  it('the approval deciding first: deployed once, never expired', async () => {
    await inWorld(async (world, harness) => {
      // Act
      const { ts, responseUrl, bob, mark, approved, swept } = await race(world, harness, 'approval');
      // Assess
      expect(approved.batchItemFailures).toEqual([]);
      expect(swept).toMatchObject({ expireRequests: 0 });
      expect(world.tap.effective('codedeploy:CreateDeployment')).toBe(1);
      expect(world.repliesTo(bob, 'U0BOB', mark)).toHaveLength(0);
      expect(started(world, responseUrl, 'U0ALICE', mark)).toHaveLength(1);
      expect(world.repliesTo(responseUrl, 'U0ALICE', mark).map(text).join()).not.toContain('xpired');
      expect(text(world.updatesOf(ts).at(-1))).toContain('Approved');
      record(
        'Approve and the expiry at the deadline, the approval writing first',
        'deployed once; the sweeper leaves it; nobody hears "expired"',
      );
    });
  });
});

describe('Stop and Reroute pressed at once on one deployment', () => {
  /** A staging deployment at Ready, its progress message up to date. */
  async function atReady(world: FaultWorld): Promise<{ id: string; ts: string }> {
    await world.type('/deploy web staging v43', 'U0CAROL', 'carol', 'C0STAGING01');
    await world.sqs();
    const [id = ''] = world.codedeploy.deployments.keys();
    world.codedeploy.advance(id, 'start');
    world.codedeploy.advance(id, 'installed');
    await world.deployEvent(id, 'READY');
    return { id, ts: tsOf(world.posts('C0STAGING01')[0]) };
  }

  it.each([
    ['Stop reaches CodeDeploy first', 'codedeploy:ContinueDeployment', 'Stopped', /already finished/],
    ['Reroute reaches CodeDeploy first', 'codedeploy:StopDeployment', 'Stopped', undefined],
  ])(
    '%s: each press once, each clicker hears at most once, the message ends as CodeDeploy does',
    async (name, heldOp, status, loserHears) => {
      await inWorld(async (world) => {
        // Prepare: dan presses Stop, bob presses Reroute; one batch, the other press held until the first went out
        const { id, ts } = await atReady(world);
        const mark = Number(world.mark());
        const dan = await world.click('deployment.stop', id, 'U0DAN', 'C0STAGING01', ts);
        const bob = await world.click('deployment.reroute', id, 'U0BOB', 'C0STAGING01', ts);
        const held = holdCall(heldOp, () => true);
        world.tap.rules.push(held.rule);
        const other =
          heldOp === 'codedeploy:ContinueDeployment' ? 'codedeploy:StopDeployment' : 'codedeploy:ContinueDeployment';
        // Act
        const delivering = world.sqs();
        await held.arrived;
        await until(() => world.tap.effective(other) === 1);
        held.release();
        await delivering;
        await world.deployEvent(id, 'STOP');
        // Assess
        expect(world.tap.effective('codedeploy:StopDeployment')).toBe(1);
        expect(world.tap.effective('codedeploy:ContinueDeployment')).toBeLessThanOrEqual(1);
        expect(world.codedeploy.get(id).info.status).toBe(status);
        const danHeard = world.repliesTo(dan, 'U0DAN', mark).map(text);
        const bobHeard = world.repliesTo(bob, 'U0BOB', mark).map(text);
        expect(danHeard).toEqual([]);
        expect(bobHeard.length).toBeLessThanOrEqual(1);
        if (loserHears) expect(bobHeard.join()).toMatch(loserHears);
        expect(world.audit(String(mark)).filter((line) => line.includes('stop and roll back: done'))).toHaveLength(1);
        expect(text(world.updatesOf(ts).at(-1))).toMatch(/STOPPED|Stopped|stopped/);
        expect(world.codedeploy.mock.commandCalls(StopDeploymentCommand)).toHaveLength(1);
        expect(world.codedeploy.mock.commandCalls(ContinueDeploymentCommand).length).toBeLessThanOrEqual(1);
        record(
          `Stop and Reroute at once, ${name.toLowerCase()}`,
          loserHears
            ? 'stopped; bob hears it already finished'
            : 'rerouted, then stopped and rolled back; both audited once',
        );
      });
    },
  );
});

describe('a WAF editor saving between the bot’s read and write', () => {
  it('of the sweeper’s revert: re-read, re-reverted, the editor’s rule kept', async () => {
    await inWorld(async (world) => {
      // Prepare: an applied exemption, past its end; another editor will save just before the revert's write
      await wafApprovalStory.prepare(world);
      await world.sqs();
      world.wait(61 * 60_000);
      world.waf.raceNextUpdate(concurrentEdit);
      // Act
      const { sweeps } = await world.sweeps(1);
      // Assess
      expect(sweeps[0]).toMatchObject({ revertExpiredExemptions: 1 });
      expect(world.waf.webAcl.Rules).toStrictEqual(concurrentEdit(eduWebAcl().Rules));
      // The apply, the revert's lost write, its retry.
      expect(world.waf.mock.commandCalls(UpdateWebACLCommand).length).toBe(3);
      expect(world.waf.ipSets.size).toBe(0);
      record(
        "a WAF editor saves between the read and the write of the sweeper's revert",
        're-read and reverted again; their rule kept, the IP set deleted',
      );
    });
  });
});
