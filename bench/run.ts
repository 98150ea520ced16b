// npm run bench: where a person waits, measured (docs/architecture.md "Performance budget", issue 13's figures).
// A measurement, not a test: figures are printed as one table, saved (bench/results/latest.json) and, with
// `-- --json <file>`, written as JSON; never asserted. Only what the budget forbids in the slack bundle fails the run
// (docs/decisions/0004).
import './lib/quiet';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { version as esbuildVersion } from 'esbuild';
import {
  buildBundles,
  FUNCTIONS,
  LAMBDA_BUILD_OPTIONS,
  loadLambdaPlugins,
  REPO_ROOT,
  type BundleName,
} from './lib/build';
import { budgetViolations, reportBundle, type BundleReport } from './lib/bundle-report';
import { measureColdLoads } from './lib/cold-load';
import { benchConfig } from './lib/config-fixture';
import { measureFirstRequests, type FirstRequestReport } from './lib/first-request';
import { coldLoad, formatReport, type BenchReport } from './lib/report';
import { writeResults } from './lib/results';
import { measureAlarm, measureClick } from './lib/simulated/alarm';
import { measureProgress } from './lib/simulated/progress';
import { measureStatus } from './lib/simulated/status';
import { measureStorm } from './lib/simulated/storm';
import { startWorld } from './lib/simulated/world';
import type { Summary } from './lib/stats';

const RESULTS_FILE = join(REPO_ROOT, 'bench', 'results', 'latest.json');
/** The simulated network round trip on every AWS, state table and Slack call. */
const ROUND_TRIP_MS = 100;

interface Options {
  runs: number;
  json: string | undefined;
}

function options(): Options {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, json: { type: 'string' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  return { runs, json: values.json };
}

interface Bundles {
  reports: BundleReport[];
  coldLoads: Record<BundleName, Summary>;
  firstRequest: FirstRequestReport;
  plugins: string[];
}

/** Every function's bundle and cold module load, and the baseline's, from this same run (fresh processes). */
async function measureBundles(runs: number, workDir: string): Promise<Bundles> {
  const plugins = loadLambdaPlugins();
  if (!plugins)
    console.warn('WARNING: build/esbuild-plugins.cjs not found; building the Lambda bundles without plugins');
  const built = await buildBundles(workDir, plugins ?? []);
  const files = Object.fromEntries(built.map((bundle) => [bundle.name, bundle.file])) as Record<BundleName, string>;
  const reports = await Promise.all(built.map(reportBundle));
  const coldLoads = await measureColdLoads(files, runs, workDir);
  const firstRequest = await measureFirstRequests(files.slack, await benchConfig(REPO_ROOT, workDir), runs, workDir);
  return { reports, coldLoads, firstRequest, plugins: (plugins ?? []).map((plugin) => plugin.name) };
}

/** The latencies with simulated round trips: the real functions in this process, as the integration tests run them. */
async function measureLatencies(runs: number) {
  const world = await startWorld(ROUND_TRIP_MS);
  try {
    return {
      progress: await measureProgress(world),
      status: await measureStatus(world, runs),
      alarm: await measureAlarm(world, runs),
      click: await measureClick(world, runs),
      storm: await measureStorm(world),
    };
  } finally {
    await world.stop();
  }
}

function report(runs: number, bundles: Bundles, latencies: Awaited<ReturnType<typeof measureLatencies>>): BenchReport {
  const byName = Object.fromEntries(bundles.reports.map((r) => [r.name, r])) as Record<BundleName, BundleReport>;
  const names = Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[];
  const functions = Object.fromEntries(
    names.map((name) => [
      name,
      {
        bundleBytes: byName[name].bytes,
        gzipBytes: byName[name].gzipBytes,
        coldLoadMs: coldLoad(bundles.coldLoads[name]),
      },
    ]),
  ) as BenchReport['functions'];
  const ack = bundles.firstRequest.warmAckMs;
  return {
    measuredAt: new Date().toISOString(),
    node: process.version,
    runs,
    functions,
    baseline: { bundleBytes: byName.baseline.bytes, coldLoadMs: coldLoad(bundles.coldLoads.baseline) },
    ack: { p50Ms: ack.median, p99Ms: ack.p99 },
    status: latencies.status,
    progress: {
      events: latencies.progress.events,
      updates: latencies.progress.updates,
      minGapMs: latencies.progress.minGapMs ?? null,
    },
    alarm: latencies.alarm,
    click: latencies.click,
    storm: latencies.storm,
  };
}

async function main(): Promise<void> {
  const { runs, json } = options();
  const workDir = await mkdtemp(join(tmpdir(), 'blueshift-bench-'));
  try {
    const bundles = await measureBundles(runs, workDir);
    const latencies = await measureLatencies(runs);
    const figures = report(runs, bundles, latencies);
    const violations = bundles.reports.flatMap(budgetViolations);
    console.log(formatReport(figures));
    console.log(
      violations.length
        ? violations.map((v) => `BUDGET VIOLATION: ${v}`).join('\n')
        : '\nbudget: the slack bundle has no socket-mode/express/oauth code and no AWS client but SQS and SSM;' +
            ' alarmEvents and deployEvents hold only the clients and the code they run',
    );
    await writeResults(RESULTS_FILE, {
      ...figures,
      esbuild: { version: esbuildVersion, options: LAMBDA_BUILD_OPTIONS, plugins: bundles.plugins },
      bundles: bundles.reports,
      slackFirstRequest: bundles.firstRequest,
      violations,
    });
    console.log(`\nresults written to ${RESULTS_FILE}`);
    if (json) {
      await writeResults(json, figures);
      console.log(`figures written to ${json}`);
    }
    if (violations.length) process.exitCode = 1;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main()
  .catch((error: unknown) => {
    console.error('\nBENCH FAILED:', error instanceof Error ? error.message : error);
    if (error instanceof Error && error.cause) console.error('cause:', error.cause);
    process.exitCode = 1;
  })
  // The functions keep SDK clients and sockets open, as a Lambda container would: the bench ends when it is done.
  .finally(() => setTimeout(() => process.exit(), 100).unref());
