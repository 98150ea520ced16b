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

/** What a function's bundle may hold: the AWS clients it calls, and the product code it never runs. */
interface BundleBudget {
  clients: string[];
  neverRuns: RegExp[];
}

/**
 * Each function's budget (docs/architecture.md "Performance budget"). The slack function never runs the worker's
 * features and event handlers, the state table, AWS adapters but the queue's and the parameters', or the command
 * logic beyond specs, grammar and access. alarmEvents reads the alarm's account for the diagnosis and the graph
 * (CloudWatch, EC2, Auto Scaling) and never deploys, exempts, runs commands on instances or queues jobs.
 * deployEvents follows deployments: never WAF exemptions, credit switches, runbooks or Slack's listeners.
 */
const BUDGETS: Partial<Record<BundleName, BundleBudget>> = {
  slack: {
    clients: ['@aws-sdk/client-sqs', '@aws-sdk/client-ssm'],
    neverRuns: [
      /^handlers\/(?!slack\/)/,
      /^lib\/state\//,
      /^lib\/aws\/(?!sqs\.ts$|ssm\.ts$)/,
      /^commands\/(?:alarms|deploy|waf|scale-out|status|fleet\/(?!green-group\.ts$))/,
    ],
  },
  alarmEvents: {
    clients: [
      '@aws-sdk/client-auto-scaling',
      '@aws-sdk/client-cloudwatch',
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-ec2',
      '@aws-sdk/client-ssm',
      '@aws-sdk/client-sts',
    ],
    neverRuns: [
      /^handlers\/(?!alarms\/|events\/|jobs\/(?:deps|once)\.ts$)/,
      /^lib\/aws\/(?:codedeploy|wafv2|waf-|sqs|ssm-|credit-switch|revision-commits|target-account)/,
      /^lib\/(?:github|http)\//,
      /^commands\/(?:waf|status)\//,
    ],
  },
  deployEvents: {
    clients: [
      '@aws-sdk/client-auto-scaling',
      '@aws-sdk/client-cloudwatch',
      '@aws-sdk/client-codedeploy',
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-ec2',
      '@aws-sdk/client-s3',
      '@aws-sdk/client-sqs',
      '@aws-sdk/client-ssm',
      '@aws-sdk/client-sts',
      // The sampled requests that name the rule blocking a path a check found blocked (handlers/checks/waf-blames.ts).
      '@aws-sdk/client-wafv2',
    ],
    neverRuns: [/^handlers\/(?:slack|waf|credits|runbooks|status|requests|sweep|ci)\//, /^commands\/status\//],
  },
};

/** What a function's bundle must not contain (docs/architecture.md "Performance budget"). Timings are not judged. */
export function budgetViolations(bundle: BundleReport): string[] {
  const budget = BUDGETS[bundle.name];
  if (!budget) return [];
  const violations: string[] = [];
  const name = bundle.name;
  if (bundle.contains.socketMode) violations.push(`${name} bundle contains @slack/socket-mode (Bolt Socket Mode code)`);
  if (bundle.contains.express) violations.push(`${name} bundle contains express (Bolt Express receiver code)`);
  if (bundle.contains.oauth) violations.push(`${name} bundle contains @slack/oauth`);
  for (const client of bundle.awsClients.filter((client) => !budget.clients.includes(client))) {
    violations.push(`${name} bundle contains ${client}, a client it never calls`);
  }
  for (const source of bundle.sources.filter((path) => budget.neverRuns.some((pattern) => pattern.test(path)))) {
    violations.push(`${name} bundle contains ${source}, which the ${name} function never runs`);
  }
  return violations;
}
