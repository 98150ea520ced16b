import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { specsFor } from '../../commands/registry';
import { helpMessage, workingMessage } from '../../lib/slack/blocks/usage';
import { SIGNING_SECRET, signedEvent, slashCommandBody } from '../../test/fakes/slack-requests';
import { emitResult, runNodeChild } from './child';
import type { BenchConfig } from './config-fixture';
import { startSqsFake, type SqsFake } from './sqs-fake';
import { summarise, type Summary } from './stats';

export interface FirstRequestReport {
  config: string;
  /** require() of the bundle, in a fresh process. */
  importMs: Summary;
  /** The first invocation, `/status help`: builds the handler (Bolt App, clients, config), then answers. */
  firstInvocationMs: Summary;
  importPlusFirstMs: Summary;
  /** The second invocation, `/status`: a warm request that queues a job, through the SQS fake. */
  queuedInvocationMs: Summary;
  sqsMessages: number;
  /** Warm invocations (`/status web prod`, queued), all in the last run's container: the ack as Slack waits for it. */
  warmAckMs: Summary;
}

export class FirstRequestError extends Error {
  override readonly name = 'FirstRequestError';
}

const response = z.object({ statusCode: z.number(), body: z.string() });
const childResult = z.object({
  importMs: z.number(),
  firstInvocationMs: z.number(),
  queuedInvocationMs: z.number(),
  help: response,
  queued: response,
  warmMs: z.array(z.number()),
  warmStatuses: z.array(z.number()),
});
type ChildResult = z.infer<typeof childResult>;

/** A child that times require(bundle) and two invocations with a Lambda-shaped context, all in-process. */
function firstRequestScript(bundle: string, requestsFile: string): string {
  return `
const requests = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(requestsFile)}, 'utf8'));
const context = { functionName: 'blueshift-bench-slack', functionVersion: '$LATEST', memoryLimitInMB: '1024',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:blueshift-bench-slack', awsRequestId: 'bench',
  logGroupName: '/aws/lambda/blueshift-bench-slack', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 3000, done() {}, fail() {}, succeed() {} };
const now = () => Number(process.hrtime.bigint()) / 1e6;
const answer = (r) => ({ statusCode: r.statusCode, body: String(r.body ?? '') });
(async () => {
  const t0 = now();
  const { handler } = require(${JSON.stringify(bundle)});
  const t1 = now();
  const help = await handler(requests.help, context);
  const t2 = now();
  const queued = await handler(requests.queued, context);
  const t3 = now();
  const warmMs = [];
  const warmStatuses = [];
  for (const request of requests.warm) {
    const start = now();
    const answered = await handler(request, context);
    warmMs.push(now() - start);
    warmStatuses.push(answered.statusCode);
  }
  ${emitResult('{ importMs: t1 - t0, firstInvocationMs: t2 - t1, queuedInvocationMs: t3 - t2, help: answer(help), queued: answer(queued), warmMs, warmStatuses }')}
})().catch((error) => { console.error(error); process.exit(1); });
`;
}

/** The slack function's environment for local use (docs/architecture.md "Public contract"): no AWS, no Slack. */
function handlerEnv(config: string, sqs: SqsFake, workDir: string): Record<string, string> {
  return {
    BLUESHIFT_STAGE: 'bench',
    BLUESHIFT_CONFIG: config,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench-not-a-real-token',
    SLACK_API_URL: `${sqs.endpoint}/slack-api`, // a stray Slack call fails on loopback instead of leaving the machine
    JOBS_QUEUE_URL: sqs.queueUrl,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIABENCHDUMMYKEY000',
    AWS_SECRET_ACCESS_KEY: 'bench-dummy-secret-access-key',
    AWS_CONFIG_FILE: join(workDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

const ackText = z.object({ text: z.string() });

/** HTTP 200 with the message blueshift acks with; a listener failure still answers 200, with another text. */
function expectAnswer(what: string, answer: ChildResult['help'], expected: string): void {
  if (answer.statusCode !== 200) {
    throw new FirstRequestError(
      `the slack handler answered ${what} with HTTP ${answer.statusCode}: ${answer.body.slice(0, 500)}`,
    );
  }
  const text = ackText.safeParse(JSON.parse(answer.body || '{}')).data?.text;
  if (text !== expected)
    throw new FirstRequestError(`the slack handler answered ${what} with "${String(text)}", expected "${expected}"`);
}

async function requestOnce(
  bundle: string,
  env: Record<string, string>,
  workDir: string,
  run: number,
  warmRequests: number,
): Promise<ChildResult> {
  const file = join(workDir, `requests-${run}.json`);
  const help = signedEvent(slashCommandBody({ command: '/status', text: 'help' }));
  const queued = signedEvent(slashCommandBody({ command: '/status', text: '' }));
  const warm = Array.from({ length: warmRequests }, () =>
    signedEvent(slashCommandBody({ command: '/status', text: 'web prod' })),
  );
  await writeFile(file, JSON.stringify({ help, queued, warm }));
  const result = childResult.parse(await runNodeChild(firstRequestScript(bundle, file), env, workDir));
  expectAnswer('/status help', result.help, helpMessage('status', specsFor('status')).text);
  expectAnswer('/status (queued through the SQS fake)', result.queued, workingMessage('/status').text);
  const refused = result.warmStatuses.filter((status) => status !== 200).length;
  if (refused) throw new FirstRequestError(`the slack handler refused ${refused} of the warm requests`);
  return result;
}

/**
 * `runs` fresh processes, each importing the slack bundle and serving `/status help` then `/status`; the last one
 * then serves `warmRequests` more, each signed afresh, for the warm ack's distribution.
 */
export async function measureFirstRequests(
  bundle: string,
  config: BenchConfig,
  runs: number,
  workDir: string,
  warmRequests = 1000,
): Promise<FirstRequestReport> {
  const sqs = await startSqsFake();
  try {
    const results: ChildResult[] = [];
    for (let run = 0; run < runs; run += 1) {
      const warm = run === runs - 1 ? warmRequests : 0;
      results.push(await requestOnce(bundle, handlerEnv(config.file, sqs, workDir), workDir, run, warm));
    }
    const expected = runs + warmRequests;
    if (sqs.sent() < expected)
      throw new FirstRequestError(`expected ${expected} jobs on the SQS fake, got ${sqs.sent()}`);
    return {
      config: config.label,
      importMs: summarise(results.map((r) => r.importMs)),
      firstInvocationMs: summarise(results.map((r) => r.firstInvocationMs)),
      importPlusFirstMs: summarise(results.map((r) => r.importMs + r.firstInvocationMs)),
      queuedInvocationMs: summarise(results.map((r) => r.queuedInvocationMs)),
      sqsMessages: sqs.sent(),
      warmAckMs: summarise(results.flatMap((r) => r.warmMs)),
    };
  } finally {
    await sqs.close();
  }
}
