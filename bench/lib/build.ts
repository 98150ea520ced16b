import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

export const REPO_ROOT = resolve(__dirname, '..', '..');
const PLUGINS_FILE = join(REPO_ROOT, 'build', 'esbuild-plugins.cjs');

/** The functions of serverless.yml, by their name there, and their entry points. */
export const FUNCTIONS = {
  slack: 'functions/slack.ts',
  worker: 'functions/worker.ts',
  deployEvents: 'functions/deploy-events.ts',
  alarmEvents: 'functions/alarm-events.ts',
  sweeper: 'functions/sweeper.ts',
  ci: 'functions/ci.ts',
} as const;

export type FunctionName = keyof typeof FUNCTIONS;
export type BundleName = FunctionName | 'baseline';

export interface BuiltBundle {
  name: BundleName;
  file: string;
  metafile: Metafile;
}

/** What serverless.yml's serverless-esbuild settings give the Lambda bundles, less the plugins. */
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  sourcemap: true,
  platform: 'node',
  // serverless.yml targets node22 (the Lambda runtime); the bench targets node20 because it runs the bundles
  // on this machine's Node 20, and a node22 target may leave syntax Node 20 cannot parse. For today's
  // sources and dependencies both targets produce the same output size.
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
} as const satisfies BuildOptions;

function isPlugin(value: unknown): value is Plugin {
  return (
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    'setup' in value &&
    typeof value.setup === 'function'
  );
}

/** build/esbuild-plugins.cjs, as serverless-esbuild loads it; undefined when the file does not exist yet. */
export function loadLambdaPlugins(): Plugin[] | undefined {
  if (!existsSync(PLUGINS_FILE)) return undefined;
  const exported: unknown = createRequire(PLUGINS_FILE)(PLUGINS_FILE);
  if (!Array.isArray(exported) || !exported.every(isPlugin)) {
    throw new Error(`${PLUGINS_FILE} must export an array of esbuild plugins`);
  }
  return exported;
}

/**
 * "A plain bundle of Bolt and the AWS clients": Bolt's package index and every AWS client the bot uses,
 * bundled with no plugins, as a function would be that did not care what it imports.
 */
const BASELINE_ENTRY = `module.exports = {
  bolt: require('@slack/bolt'),
  sqs: require('@aws-sdk/client-sqs'),
  ssm: require('@aws-sdk/client-ssm'),
  sts: require('@aws-sdk/client-sts'),
  codedeploy: require('@aws-sdk/client-codedeploy'),
  cloudwatch: require('@aws-sdk/client-cloudwatch'),
  dynamodb: require('@aws-sdk/client-dynamodb'),
};
`;

async function buildOne(
  name: BundleName,
  entry: BuildOptions,
  plugins: Plugin[],
  outDir: string,
): Promise<BuiltBundle> {
  const file = join(outDir, `${name}.js`);
  const result = await build({
    ...LAMBDA_BUILD_OPTIONS,
    ...entry,
    plugins,
    outfile: file,
    absWorkingDir: REPO_ROOT,
    metafile: true,
    logLevel: 'warning',
  });
  return { name, file, metafile: result.metafile };
}

/** Every function as serverless deploys it, and the baseline, into `outDir`. */
export async function buildBundles(outDir: string, plugins: Plugin[]): Promise<BuiltBundle[]> {
  const baselineEntry = {
    stdin: { contents: BASELINE_ENTRY, resolveDir: REPO_ROOT, sourcefile: 'baseline-entry.js', loader: 'js' },
  } as const;
  const functions = Object.entries(FUNCTIONS) as [FunctionName, string][];
  return Promise.all([
    ...functions.map(([name, entry]) => buildOne(name, { entryPoints: [entry] }, plugins, outDir)),
    buildOne('baseline', baselineEntry, [], outDir),
  ]);
}
