import type { FunctionName } from './build';
import type { AlarmFigures, ClickFigures } from './simulated/alarm';
import type { StatusFigures } from './simulated/status';
import type { StormFigures } from './simulated/storm';
import type { Summary } from './stats';

interface ColdLoad {
  median: number;
  max: number;
}

/** What `npm run bench -- --json <file>` writes: every figure of one run (issue 13's fields). */
export interface BenchReport {
  measuredAt: string;
  node: string;
  runs: number;
  functions: Record<FunctionName, { bundleBytes: number; gzipBytes: number; coldLoadMs: ColdLoad }>;
  baseline: { bundleBytes: number; coldLoadMs: ColdLoad };
  ack: { p50Ms: number; p99Ms: number };
  status: StatusFigures;
  progress: { events: number; updates: number; minGapMs: number | null };
  alarm: AlarmFigures;
  click: ClickFigures;
  storm: StormFigures;
}

export const coldLoad = (summary: Summary): ColdLoad => ({ median: summary.median, max: summary.max });

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const rt = (value: number, roundTrip: number): string => `${(value / roundTrip).toFixed(1)} RT`;
const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Whether each target of issue 13 holds in this run: the figure's name, what was measured, the target, met. */
export function targets(report: BenchReport): [string, string, string, boolean][] {
  const { alarm, click, status, storm, progress, functions, baseline, ack } = report;
  const coldRatio = functions.slack.coldLoadMs.median / baseline.coldLoadMs.median;
  // The reply is one Slack round trip after the last read.
  const statusBudget = 2.5 * status.roundTripMs + status.roundTripMs;
  // Judged by the gap between two edits of the message as Slack received them, not by their count.
  const gap = progress.minGapMs;
  return [
    [
      'alarm first post',
      rt(alarm.firstPostMs, alarm.roundTripMs),
      '≤ 3 RT',
      alarm.firstPostMs <= 3 * alarm.roundTripMs * 1.1,
    ],
    [
      'click feedback',
      rt(click.feedbackMs, click.roundTripMs),
      '≤ 1 RT after the ack (≤ 2 RT)',
      click.feedbackMs <= 2 * click.roundTripMs * 1.1,
    ],
    [
      '/status (cached session)',
      rt(status.wallMs, status.roundTripMs),
      '≤ 2.5 RT + the reply',
      status.wallMs <= statusBudget * 1.1,
    ],
    ['slack cold load / baseline', coldRatio.toFixed(2), '≤ 0.4', coldRatio <= 0.4],
    ['warm ack p99', ms(ack.p99Ms), '≤ 20 ms', ack.p99Ms <= 20],
    [
      'progress edits (40 events, 10 s)',
      `${progress.updates}, min gap ${gap === null ? 'n/a' : ms(gap)}`,
      '≤ 1 edit per 2 s per message',
      gap === null || gap >= 2_000,
    ],
    ['storm visible', `${storm.visible} of ${storm.alarms}`, 'all', storm.visible === storm.alarms],
    ['storm lost', String(storm.lost), '0', storm.lost === 0],
    [
      'storm top-level messages',
      String(storm.topLevelMessages),
      `< ${storm.alarms}`,
      storm.topLevelMessages < storm.alarms,
    ],
  ];
}

export function formatReport(report: BenchReport): string {
  const names = Object.keys(report.functions) as FunctionName[];
  const bundles = [
    ['bundle', 'raw', 'gzip', 'cold load median', 'max'],
    ...names.map((name) => {
      const fn = report.functions[name];
      return [name, kib(fn.bundleBytes), kib(fn.gzipBytes), ms(fn.coldLoadMs.median), ms(fn.coldLoadMs.max)];
    }),
    [
      'baseline (Bolt + SDK)',
      kib(report.baseline.bundleBytes),
      '',
      ms(report.baseline.coldLoadMs.median),
      ms(report.baseline.coldLoadMs.max),
    ],
  ];
  const { alarm, click, status, storm, progress, ack } = report;
  const latency = [
    ['figure', 'measured', 'in RT'],
    ['warm ack p50 / p99', `${ms(ack.p50Ms)} / ${ms(ack.p99Ms)}`, ''],
    [
      '/status wall (sum of latencies)',
      `${ms(status.wallMs)} (${ms(status.sumOfLatenciesMs)})`,
      `${rt(status.wallMs, status.roundTripMs)} (${rt(status.sumOfLatenciesMs, status.roundTripMs)})`,
    ],
    [
      'alarm first post / complete',
      `${ms(alarm.firstPostMs)} / ${ms(alarm.completeMs)}`,
      `${rt(alarm.firstPostMs, alarm.roundTripMs)} / ${rt(alarm.completeMs, alarm.roundTripMs)}`,
    ],
    ['click feedback', ms(click.feedbackMs), rt(click.feedbackMs, click.roundTripMs)],
    [
      'progress: events -> chat.update (min gap)',
      `${progress.events} -> ${progress.updates} (${progress.minGapMs === null ? 'n/a' : ms(progress.minGapMs)})`,
      '',
    ],
    [
      'storm: visible / lost / top-level',
      `${storm.visible}/${storm.alarms} / ${storm.lost} / ${storm.topLevelMessages}`,
      '',
    ],
    ['storm: Slack calls / 429s / wall', `${storm.slackCalls} / ${storm.rateLimited} / ${ms(storm.wallMs)}`, ''],
  ];
  const goals = [
    ['target', 'measured', 'goal', ''],
    ...targets(report).map(([name, value, goal, met]) => [name, value, goal, verdict(met)]),
  ];
  return [
    `blueshift bench: ${report.runs} runs, node ${report.node}, RT = ${alarm.roundTripMs} ms (every AWS, state table and Slack call)`,
    '',
    table(bundles),
    '',
    table(latency),
    '',
    table(goals),
  ].join('\n');
}
