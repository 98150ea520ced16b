import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BundleName } from './build';
import type { BundleReport } from './bundle-report';
import type { FirstRequestReport } from './first-request';
import type { Summary } from './stats';

export interface BundleResult extends BundleReport {
  coldLoadMs: Summary;
}

export interface BenchResults {
  measuredAt: string;
  node: string;
  platform: string;
  esbuild: { version: string; options: object; plugins: string[] };
  runs: number;
  bundles: Record<BundleName, BundleResult>;
  /** The slack bundle's median cold module load divided by the baseline's, from this same run. */
  slackToBaselineColdLoad: number;
  slackFirstRequest: FirstRequestReport;
  violations: string[];
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const yesNo = (value: boolean): string => (value ? 'YES' : 'no');
const timing = (summary: Summary): string =>
  `${summary.min.toFixed(1)} / ${summary.median.toFixed(1)} / ${summary.p90.toFixed(1)}`;
const shortClient = (name: string): string => name.replace('@aws-sdk/client-', '');

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

function bundleRow(bundle: BundleResult): string[] {
  return [
    bundle.name,
    kb(bundle.bytes),
    kb(bundle.gzipBytes),
    String(bundle.modules),
    yesNo(bundle.contains.socketMode),
    yesNo(bundle.contains.express),
    yesNo(bundle.contains.oauth),
    bundle.awsClients.map(shortClient).join(',') || '-',
    timing(bundle.coldLoadMs),
  ];
}

export function formatResults(results: BenchResults): string {
  const header = [
    'bundle',
    'raw',
    'gzip',
    'modules',
    'socket-mode',
    'express',
    'oauth',
    'aws clients',
    'cold load ms min/med/p90',
  ];
  const first = results.slackFirstRequest;
  return [
    `blueshift bench: ${results.runs} runs, node ${results.node} (${results.platform}), esbuild ${results.esbuild.version}, plugins: ${results.esbuild.plugins.join(', ') || 'NONE'}`,
    '',
    table([header, ...Object.values(results.bundles).map(bundleRow)]),
    '',
    `slack cold load median / baseline median: ${results.slackToBaselineColdLoad.toFixed(2)}`,
    `slack first request, in-process ms min/med/p90 (config ${first.config}):`,
    table([
      ['  require(bundle)', timing(first.importMs)],
      ['  1st invocation: /status help', timing(first.firstInvocationMs)],
      ['  require + 1st invocation', timing(first.importPlusFirstMs)],
      [
        '  2nd invocation: /status -> SQS',
        `${timing(first.queuedInvocationMs)}   (${first.sqsMessages} SendMessage calls answered)`,
      ],
    ]),
    '',
    results.violations.length
      ? results.violations.map((v) => `BUDGET VIOLATION: ${v}`).join('\n')
      : 'budget: slack bundle has no socket-mode/express/oauth code and no AWS client but SQS and SSM',
  ].join('\n');
}

export async function writeResults(file: string, results: BenchResults): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
