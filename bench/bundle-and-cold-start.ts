// npm run bench: the slack function's bundle and cold start against its budget
// (docs/architecture.md "Performance budget").
// A measurement, not a test: timings are printed and saved (bench/results/latest.json), never asserted;
// only what the budget forbids in the slack bundle fails the run (docs/decisions/0004).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { version as esbuildVersion } from 'esbuild';
import { buildBundles, LAMBDA_BUILD_OPTIONS, loadLambdaPlugins, REPO_ROOT, type BundleName } from './lib/build';
import { reportBundle, slackBudgetViolations, type BundleReport } from './lib/bundle-report';
import { measureColdLoads } from './lib/cold-load';
import { benchConfig } from './lib/config-fixture';
import { measureFirstRequests } from './lib/first-request';
import { formatResults, writeResults, type BenchResults, type BundleResult } from './lib/results';

const RESULTS_FILE = join(REPO_ROOT, 'bench', 'results', 'latest.json');

function runsOption(): number {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got "${values.runs}"`);
  return runs;
}

async function bench(runs: number, workDir: string): Promise<BenchResults> {
  const plugins = loadLambdaPlugins();
  if (!plugins)
    console.warn('WARNING: build/esbuild-plugins.cjs not found; building the Lambda bundles without plugins');
  const built = await buildBundles(workDir, plugins ?? []);
  const files = Object.fromEntries(built.map((bundle) => [bundle.name, bundle.file])) as Record<BundleName, string>;
  const reports = await Promise.all(built.map(reportBundle));
  const coldLoads = await measureColdLoads(files, runs, workDir);
  const slackFirstRequest = await measureFirstRequests(
    files.slack,
    await benchConfig(REPO_ROOT, workDir),
    runs,
    workDir,
  );
  const bundles = Object.fromEntries(
    reports.map((report: BundleReport): [BundleName, BundleResult] => [
      report.name,
      { ...report, coldLoadMs: coldLoads[report.name] },
    ]),
  ) as Record<BundleName, BundleResult>;
  return {
    measuredAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    esbuild: {
      version: esbuildVersion,
      options: LAMBDA_BUILD_OPTIONS,
      plugins: (plugins ?? []).map((plugin) => plugin.name),
    },
    runs,
    bundles,
    slackToBaselineColdLoad:
      Math.round((bundles.slack.coldLoadMs.median / bundles.baseline.coldLoadMs.median) * 1000) / 1000,
    slackFirstRequest,
    violations: slackBudgetViolations(bundles.slack),
  };
}

async function main(): Promise<void> {
  const runs = runsOption();
  const workDir = await mkdtemp(join(tmpdir(), 'blueshift-bench-'));
  try {
    const results = await bench(runs, workDir);
    console.log(formatResults(results));
    await writeResults(RESULTS_FILE, results);
    console.log(`\nresults written to ${RESULTS_FILE}`);
    if (results.violations.length) process.exitCode = 1;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('\nBENCH FAILED:', error instanceof Error ? error.message : error);
  if (error instanceof Error && error.cause) console.error('cause:', error.cause);
  process.exitCode = 1;
});
