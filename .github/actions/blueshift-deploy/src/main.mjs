#!/usr/bin/env node
// @ts-check
// blueshift deploy: asks blueshift to deploy a revision the way /deploy does (locks, alarms, approvals in Slack) and,
// with --wait, follows it to its end. The exit code says how it ended (README "Deploying from CI").
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseCli, UsageError } from './cli.mjs';
import { blueshiftClient } from './client.mjs';

const EXIT = { succeeded: 0, failed: 1, usage: 2, refused: 3, notApproved: 4, timedOut: 5, unreachable: 6 };

/** @type {Record<string, number>} How each final state ends the step. */
const FINAL = {
  succeeded: EXIT.succeeded,
  failed: EXIT.failed,
  'rolled-back': EXIT.failed,
  refused: EXIT.refused,
  rejected: EXIT.notApproved,
  expired: EXIT.notApproved,
};

const inActions = process.env.GITHUB_ACTIONS === 'true';
const say = (/** @type {string} */ line) => console.log(`${new Date().toISOString().slice(11, 19)} blueshift: ${line}`);
const fail = (/** @type {string} */ line) =>
  console.error(inActions ? `::error title=blueshift::${line}` : `blueshift: ${line}`);
const warn = (/** @type {string} */ line) =>
  console.error(inActions ? `::warning title=blueshift::${line}` : `blueshift: ${line}`);

/** The step's outputs in GitHub Actions: id, state, deployment-id. @param {Record<string, unknown>} body */
function output(body) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const lines = [
    `id=${String(body.id ?? '')}`,
    `state=${String(body.state ?? '')}`,
    `deployment-id=${String(body.deploymentId ?? '')}`,
  ];
  appendFileSync(file, `${lines.join('\n')}\n`);
}

/** @param {Record<string, unknown>} body */
const describe = (body) =>
  `${String(body.state)}${body.deploymentId ? ` (${String(body.deploymentId)})` : ''}${body.reason ? `: ${String(body.reason)}` : ''}`;

/** @returns {Promise<number>} */
async function main() {
  const options = parseCli(process.argv.slice(2), process.env);
  const {
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_SESSION_TOKEN: sessionToken,
  } = process.env;
  if (!accessKeyId || !secretAccessKey) {
    fail(
      'no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): run aws-actions/configure-aws-credentials with the CI role first',
    );
    return EXIT.usage;
  }
  const client = blueshiftClient({
    baseUrl: options.baseUrl,
    region: options.region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    retries: 4,
    retryDelayMs: Math.min(options.intervalMs, 2_000),
    timeoutMs: 15_000,
    warn,
  });
  const request = {
    app: options.app,
    env: options.env,
    revision: options.revision,
    idempotencyKey: options.idempotencyKey,
    ...(options.commit ? { commit: options.commit } : {}),
    ...(options.actor ? { actor: options.actor } : {}),
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
  };
  say(`deploy ${options.app} ${options.env} ${options.revision} (key ${options.idempotencyKey})`);
  const submitted = await client.submit(request);
  const message = String(submitted.body.message ?? '');
  if (submitted.status !== 200 && submitted.status !== 202) {
    const refused = submitted.status === 403 || submitted.status === 409;
    fail(`${refused ? 'refused' : 'not taken'} (${submitted.status || 'no answer'}): ${message}`);
    if (refused) return EXIT.refused;
    return submitted.status === 400 || submitted.status === 404 ? EXIT.usage : EXIT.unreachable;
  }
  let last = submitted.body;
  const id = String(last.id);
  say(`request ${id}${submitted.status === 200 ? ' (asked before with this key)' : ''}: ${describe(last)}`);
  output(last);
  if (!options.wait) return FINAL[String(last.state)] ?? EXIT.succeeded;
  const deadline = Date.now() + options.timeoutMs;
  while (!(String(last.state) in FINAL)) {
    if (Date.now() >= deadline) {
      fail(
        `still ${String(last.state)} after ${Math.round(options.timeoutMs / 60_000)} min; it goes on in blueshift (request ${id})`,
      );
      return EXIT.timedOut;
    }
    await sleep(options.intervalMs);
    const polled = await client.state(id);
    if (polled.status !== 200) {
      if (polled.status === 403) {
        fail(
          `blueshift refused the signed request (403): ${String(polled.body.message ?? '')}. Credentials that expired while waiting need a longer role-duration-seconds.`,
        );
        return EXIT.unreachable;
      }
      warn(`could not read the state (${polled.status || 'no answer'}); still waiting`);
      continue;
    }
    const changed = polled.body.state !== last.state || polled.body.reason !== last.reason;
    last = polled.body;
    if (changed) {
      say(describe(last));
      output(last);
    }
  }
  const code = FINAL[String(last.state)] ?? EXIT.failed;
  if (code !== EXIT.succeeded) fail(describe(last));
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError) {
      fail(error.message);
      process.exitCode = EXIT.usage;
    } else {
      fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = EXIT.unreachable;
    }
  },
);
