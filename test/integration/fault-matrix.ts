import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlackCall } from '../fakes/slack-api';
import { FAULTS, SCHEDULES, tapSlackOnce, type Fault, type FaultRule } from './fault-taps';
import { type Delivered, FaultWorld } from './fault-world';
import { useHarness, type Harness } from './harness';

/**
 * The fault matrix: for each story (one delivery under test of one function), every operation it sends in a clean
 * run, and for each, the story run again with that operation failing as the matrix's faults do. Each cell is judged
 * against blueshift's promise (README, "Nothing lost"): exactly one outcome message, no mutation twice, what retrying
 * cannot fix told at once with what to check, what exhausts its retries dead-lettered and announced.
 */

export { FAULTS };
export type FunctionName = 'worker' | 'deployEvents' | 'alarmEvents' | 'sweeper';

/** What a story left behind for its judgement: where its outcome is to be found. */
export type Scene = Record<string, string>;

/** How a story ended: as the clean run did, with a part missing that its message names, or not at all. */
export type Result = 'ok' | 'degraded' | 'failed';

export interface Story {
  fn: FunctionName;
  /** What the delivery under test is, in a few words. */
  title: string;
  /** The clean steps before the delivery under test. */
  prepare(world: FaultWorld): Promise<Scene>;
  /** The delivery under test, through the platform (SQS, Lambda's retries, the schedule). */
  act(world: FaultWorld, scene: Scene): Promise<Delivered>;
  /**
   * The outcome messages. The worker's: whatever the person who asked or clicked was told, success or failure.
   * The event functions' and the sweeper's: the message that shows the change (a failure is announced instead).
   */
  outcomes(world: FaultWorld, scene: Scene): SlackCall[];
  result(world: FaultWorld, scene: Scene): Result;
  /** Messages and changes that must never happen twice, counted. */
  once(world: FaultWorld, scene: Scene): Record<string, number>;
  /** Audit-channel lines that say the delivery (or duty) failed, or that blueshift gave up on it. */
  announced(world: FaultWorld, scene: Scene): string[];
  /** What the outcome finally shows, when an edit after it says more (a note on what could not be shown). */
  shown?(world: FaultWorld, scene: Scene): string;
  /** Operations an earlier story of the same function already faults, to fault here too: a call site of its own. */
  also?: readonly string[];
}

/**
 * Operations that change something each time they take effect: each may take effect at most as often as in the
 * clean run. (Enable/DisableAlarmActions, UpdateIPSet and DeleteIPSet set a state: saying it again changes nothing.)
 */
const MUTATIONS =
  /^(codedeploy:(CreateDeployment|ContinueDeployment|StopDeployment)|wafv2:(UpdateWebACL|CreateIPSet))$/;

export interface Cell {
  fn: FunctionName;
  story: string;
  op: string;
  /** `kill`: the invocation timed out just before this call (the `nth` of its operation) was sent. */
  fault: Fault | 'kill';
  nth?: number;
  outcome: string;
  problems: string[];
  /** Problems that are known limits, with the reason they are left as they are. */
  known: string[];
}

/** A known limit: cells it matches keep their problems in the table, marked, without failing the run. */
export interface KnownLimit {
  matches(cell: Pick<Cell, 'fn' | 'story' | 'op' | 'fault' | 'nth'>): boolean;
  reason: string;
}

/** What a failure must name so the person knows what to check: the IAM action, the role's trust, Slack's refusal. */
function hint(op: string): RegExp {
  const [service = '', action = ''] = op.split(':');
  if (service === 'slack') return /not_in_channel|missing_scope|invite|scope|expired_url|HTTP 403/;
  if (op === 'sts:AssumeRole') return /trust policy|sts:AssumeRole/;
  return new RegExp(`${service}:${action}`);
}

// Whole hours and a minute and a half: every run starts at hh:01:30, so which sweeps fall on the credit watch's
// five-minute marks does not depend on the minute the suite was started.
let clock = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 90_000;

/**
 * When the next story run starts: an hour after the last one began, so nothing a function cached for a few minutes
 * (role sessions, user groups, the configuration) carries over from one cell to the next, and time never runs back.
 */
export function nextStart(): number {
  clock += 3_600_000;
  return clock;
}

/**
 * The shared harness of a fault-matrix file, with Slack's fetch tapped before any function builds its client.
 * The file must also mock lib/slack/web-client's retry waits (see fault-matrix-worker.test.ts).
 */
export function useFaultHarness(): () => Harness {
  const harnessOf = useHarness();
  let untap: (() => void) | undefined;
  beforeAll(() => {
    untap = tapSlackOnce(new URL(harnessOf().slack.apiUrl).host);
  });
  afterAll(() => untap?.());
  return harnessOf;
}

export async function resetHarness(harness: Harness): Promise<void> {
  await harness.reset();
  harness.slack.setUserGroup('S0OPSLEADS', ['U0BOB']);
  harness.slack.setUserGroup('S0DEVELOPERS', ['U0CAROL', 'U0DAN']);
}

export interface Rows {
  story: Story;
  /** The operations the delivery under test sent in a clean run, in order of first use. */
  ops: string[];
  /** How often each mutation took effect in the clean run. */
  mutations: Map<string, number>;
  /** Every call of the delivery under test in a clean run, in order: where a worker can be killed. */
  sequence: { op: string; nth: number }[];
  problems: string[];
}

/** Runs one story clean: what it sends (the matrix's rows) and how often each mutation takes effect. */
export async function cleanRun(harness: Harness, story: Story): Promise<Rows> {
  return withWorld(harness, story, undefined, (world, scene, delivered) => {
    const ops = world.tap.ops();
    const mutations = new Map(ops.filter((op) => MUTATIONS.test(op)).map((op) => [op, world.tap.effective(op)]));
    const seen = new Map<string, number>();
    const sequence = world.tap.calls
      .filter((call) => call.delivery === 1)
      .map(({ op }) => {
        const nth = seen.get(op) ?? 0;
        seen.set(op, nth + 1);
        return { op, nth };
      });
    const { problems } = judge(world, story, scene, delivered, undefined, mutations);
    return { story, ops, mutations, sequence, problems };
  });
}

async function withWorld<T>(
  harness: Harness,
  story: Story,
  rule: FaultRule | undefined,
  then: (world: FaultWorld, scene: Scene, delivered: Delivered) => T,
): Promise<T> {
  await resetHarness(harness);
  const world = new FaultWorld(harness, nextStart());
  try {
    const scene = await story.prepare(world);
    world.tap.calls.length = 0;
    if (rule) world.tap.rules.push(rule);
    const delivered = await story.act(world, scene);
    // The dead-letter queue's alarm, once the fault is over, tells the audit channel.
    if (delivered.deadLettered) await world.deadLettersAlarm();
    return then(world, scene, delivered);
  } finally {
    world.restore();
  }
}

/** One cell: the story again, with `op` failing as `fault` does. */
export function runCell(
  harness: Harness,
  rows: Rows,
  op: string,
  fault: Fault,
  known: readonly KnownLimit[],
): Promise<Cell> {
  return judgeRun(harness, rows, { op, fault, when: SCHEDULES[fault] }, known);
}

/** The story with its worker killed (a Lambda timeout) just before its `nth` call of `op`, then redelivered. */
export function runKilled(
  harness: Harness,
  rows: Rows,
  at: { op: string; nth: number },
  known: readonly KnownLimit[],
): Promise<Cell> {
  return judgeRun(
    harness,
    rows,
    { op: at.op, fault: 'kill', when: (delivery, nth) => delivery === 1 && nth === at.nth },
    known,
    at.nth,
  );
}

function judgeRun(
  harness: Harness,
  rows: Rows,
  rule: FaultRule & { fault: Fault | 'kill' },
  known: readonly KnownLimit[],
  nth?: number,
): Promise<Cell> {
  const { story } = rows;
  const { op, fault } = rule;
  return withWorld(harness, story, rule, (world, scene, delivered) => {
    const judged = judge(world, story, scene, delivered, { op, fault }, rows.mutations);
    const cell = { fn: story.fn, story: story.title, op, fault, ...(nth === undefined ? {} : { nth }) };
    const limits = known.filter((limit) => limit.matches(cell));
    const isKnown = limits.length > 0 && judged.problems.length > 0;
    return {
      ...cell,
      outcome: judged.outcome,
      problems: isKnown ? [] : judged.problems,
      known: isKnown ? [...judged.problems, ...limits.map((l) => l.reason)] : [],
    };
  });
}

function judge(
  world: FaultWorld,
  story: Story,
  scene: Scene,
  delivered: Delivered,
  injected: { op: string; fault: Fault | 'kill' } | undefined,
  clean: Map<string, number>,
): { outcome: string; problems: string[] } {
  const problems: string[] = [];
  const result = story.result(world, scene);
  const outcomes = story.outcomes(world, scene);
  const announced = story.announced(world, scene);
  const said = [
    ...outcomes.map((call) => JSON.stringify(call.args)),
    ...announced,
    story.shown?.(world, scene) ?? '',
  ].join('\n');
  const worker = story.fn === 'worker';
  // A person who asked always hears exactly once; a change the bot shows on its own shows once, or is announced.
  if (worker || result !== 'failed' ? outcomes.length !== 1 : outcomes.length > 1)
    problems.push(`${outcomes.length} outcome messages`);
  for (const [what, count] of Object.entries(story.once(world, scene))) {
    if (count > 1) problems.push(`${what} ${count} times`);
  }
  for (const called of world.tap.ops().filter((o) => MUTATIONS.test(o))) {
    const times = world.tap.effective(called);
    if (times > (clean.get(called) ?? 0)) problems.push(`${called} took effect ${times} times`);
  }
  const unit = story.fn === 'sweeper' ? 'sweeps' : story.fn === 'worker' ? 'receives' : 'attempts';
  const retried = delivered.deliveries > 1 && story.fn !== 'sweeper' ? ` (${delivered.deliveries} ${unit})` : '';
  const outcome = describeOutcome(result, delivered, announced.length > 0, retried, story.fn);
  if (!injected) {
    if (result !== 'ok') problems.push('the clean run does not succeed');
    return { outcome, problems };
  }
  const { op, fault } = injected;
  if (result === 'degraded' && fault === 'denied' && !hint(op).test(said))
    problems.push('the message does not say what is missing');
  if (result !== 'failed') return { outcome, problems };
  if (fault === 'throttle' || fault === 'timeout' || fault === 'kill')
    problems.push('a passing fault was not retried to success');
  if (fault === 'outage') {
    if (story.fn !== 'sweeper' && !delivered.deadLettered)
      problems.push('an outage was given up on before the dead-letter queue');
    if (!announced.length) problems.push('given up without a word in the audit channel');
  }
  if (fault === 'denied') {
    if (story.fn !== 'sweeper' && (delivered.deadLettered || delivered.deliveries > 1))
      problems.push(`a refusal retrying cannot fix was retried (${delivered.deliveries} ${unit})`);
    if (!hint(op).test(said)) problems.push('nobody is told what to check');
  }
  return { outcome, problems };
}

function describeOutcome(
  result: Result,
  delivered: Delivered,
  announced: boolean,
  retried: string,
  fn: FunctionName,
): string {
  if (result !== 'failed')
    return `${result === 'ok' ? 'ok' : 'degraded, says why'}${retried}${delivered.deadLettered ? ', the last part dead-lettered' : ''}`;
  if (delivered.deadLettered) return `dead-lettered${announced ? ', announced' : ''}`;
  if (fn === 'sweeper') return announced ? 'retried each minute, announced' : 'retried each minute, logged only';
  return fn === 'worker' ? 'told at once' : announced ? 'announced at once' : 'dropped';
}

/** Every cell of some rows under one fault, judged. */
export async function runColumn(
  harness: Harness,
  rows: Rows,
  fault: Fault,
  known: readonly KnownLimit[],
  only?: readonly string[],
): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const op of only ?? rows.ops) cells.push(await runCell(harness, rows, op, fault, known));
  return cells;
}

/**
 * The rows of one function's matrix: each operation once, in the first story that sends it (a later story adds the
 * operations only it sends, and those it names in `also`: a call site of its own worth faulting again).
 */
export function assignRows(all: readonly Rows[]): { rows: Rows; ops: string[] }[] {
  const seen = new Set<string>();
  return all.map((rows) => {
    const key = (op: string) => `${rows.story.fn} ${op}`;
    const ops = rows.ops.filter((op) => !seen.has(key(op)) || rows.story.also?.includes(op));
    ops.forEach((op) => seen.add(key(op)));
    return { rows, ops };
  });
}

/**
 * The fault matrix of some functions' stories as jest tests (one call per test file: it starts the file's harness):
 * every story run clean first (which also lists the operations), then one test per fault over every row. The cells
 * are saved under `name` for the summary reporter, which prints one table per function.
 */
export function describeMatrix(name: string, stories: readonly Story[], known: readonly KnownLimit[]): void {
  const harnessOf = useFaultHarness();
  const cells: Cell[] = [];
  let plan: { rows: Rows; ops: string[] }[] = [];
  beforeAll(async () => {
    const clean: Rows[] = [];
    for (const story of stories) clean.push(await cleanRun(harnessOf(), story));
    plan = assignRows(clean);
  });
  afterAll(() => saveCells(name, cells));

  describe(`fault matrix: ${name}`, () => {
    it('runs every story clean, sending the operations the matrix faults', () => {
      expect(plan.map(({ rows }) => ({ story: rows.story.title, problems: rows.problems }))).toEqual(
        stories.map((story) => ({ story: story.title, problems: [] })),
      );
      expect(plan.flatMap(({ ops }) => ops).length).toBeGreaterThan(0);
    });

    it.each(FAULTS)('keeps the promise when an operation meets %s', async (fault) => {
      const column: Cell[] = [];
      for (const { rows, ops } of plan) column.push(...(await runColumn(harnessOf(), rows, fault, known, ops)));
      cells.push(...column);
      expect(
        column
          .filter((cell) => cell.problems.length)
          .map(({ story, op, outcome, problems }) => ({ story, op, outcome, problems })),
      ).toEqual([]);
    });
  });
}

/** A known limit for the cells of some stories, operations and faults. */
export function knownLimit(
  where: { fn?: FunctionName; story?: RegExp; op?: RegExp; fault?: RegExp },
  reason: string,
): KnownLimit {
  return {
    matches: (cell) =>
      (!where.fn || cell.fn === where.fn) &&
      (!where.story || where.story.test(cell.story)) &&
      (!where.op || where.op.test(cell.op)) &&
      (!where.fault || where.fault.test(cell.fault)),
    reason,
  };
}

const RESULTS = join(__dirname, '..', '..', 'test-results', 'fault-matrix');

/** Kept for test/reporters/summary.cjs, which prints every matrix after the run. */
export function saveCells(name: string, cells: Cell[], notes: string[] = []): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify({ cells, notes }, null, 1));
}

/** The races, for the summary reporter's "Races" table. */
export function saveRaces(name: string, races: { race: string; outcome: string; test: string }[]): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify({ races }, null, 1));
}
