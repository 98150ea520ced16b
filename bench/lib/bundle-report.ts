import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BuiltBundle, BundleName } from './build';

export interface BundleReport {
  name: BundleName;
  bytes: number;
  gzipBytes: number;
  /** Source files esbuild put into the bundle. */
  modules: number;
  contains: { socketMode: boolean; express: boolean; oauth: boolean };
  /** `@aws-sdk/client-*` packages in the bundle. */
  awsClients: string[];
  /** Every npm package with code in the bundle. */
  packages: string[];
  /** The product's own files with code in the bundle. */
  sources: string[];
}

/** The package a bundled file belongs to: the last `node_modules/<name>` or `node_modules/@scope/<name>`. */
function packageOf(input: string): string | undefined {
  const matches = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  return matches.at(-1)?.[1];
}

function bundledInputs(bundle: BuiltBundle): Record<string, { bytesInOutput: number }> {
  const output = Object.entries(bundle.metafile.outputs).find(([path]) => basename(path) === basename(bundle.file));
  if (!output) throw new Error(`esbuild metafile has no output for ${bundle.file}`);
  return output[1].inputs;
}

export async function reportBundle(bundle: BuiltBundle): Promise<BundleReport> {
  const code = await readFile(bundle.file);
  const inputs = bundledInputs(bundle);
  const withCode = Object.entries(inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  const packages = [...new Set(withCode.map(packageOf).filter((name) => name !== undefined))].sort();
  return {
    name: bundle.name,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    modules: Object.keys(inputs).length,
    contains: {
      socketMode: packages.includes('@slack/socket-mode'),
      express: packages.includes('express'),
      oauth: packages.includes('@slack/oauth'),
    },
    awsClients: packages.filter((name) => name.startsWith('@aws-sdk/client-')),
    packages,
    sources: withCode.filter((path) => !path.includes('node_modules')).sort(),
  };
}

const ALLOWED_SLACK_CLIENTS = ['@aws-sdk/client-sqs', '@aws-sdk/client-ssm'];

/**
 * What the slack function never runs, so never loads: the worker's features and event handlers, the state table,
 * AWS adapters but the queue's and the parameters', and the command logic beyond specs, grammar and access.
 */
const NOT_IN_SLACK = [
  /^handlers\/(?!slack\/)/,
  /^lib\/state\//,
  /^lib\/aws\/(?!sqs\.ts$|ssm\.ts$)/,
  /^commands\/(?:alarms|deploy|waf|scale-out|status|fleet\/(?!green-group\.ts$))/,
];

/** What the slack function must not contain (docs/architecture.md "Performance budget"). Timings are not judged. */
export function slackBudgetViolations(slack: BundleReport): string[] {
  const violations: string[] = [];
  if (slack.contains.socketMode) violations.push('slack bundle contains @slack/socket-mode (Bolt Socket Mode code)');
  if (slack.contains.express) violations.push('slack bundle contains express (Bolt Express receiver code)');
  if (slack.contains.oauth) violations.push('slack bundle contains @slack/oauth');
  for (const client of slack.awsClients.filter((name) => !ALLOWED_SLACK_CLIENTS.includes(name))) {
    violations.push(`slack bundle contains ${client}; only SQS and SSM clients are allowed`);
  }
  for (const source of slack.sources.filter((path) => NOT_IN_SLACK.some((pattern) => pattern.test(path)))) {
    violations.push(`slack bundle contains ${source}, which the slack function never runs`);
  }
  return violations;
}
