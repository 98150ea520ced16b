// @ts-check
import { createHash } from 'node:crypto';

export class UsageError extends Error {}

const USAGE =
  'usage: deploy <app> <env> <revision> [--wait] [--url <bot HTTP API URL>] [--region <region>] [--key <idempotency key>]\n' +
  '       [--commit <sha>] [--actor <name>] [--run-url <url>] [--timeout 60m] [--interval 10s]';

/** `10ms`, `10s`, `60m`, `2h` in milliseconds. @param {string} text */
export function duration(text) {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new UsageError(`${text} is not a duration (10s, 60m, 2h)`);
  return Number(match[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[/** @type {'ms'|'s'|'m'|'h'} */ (match[2])];
}

/**
 * What to deploy and where, from the arguments and (in GitHub Actions) the run's own variables.
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 */
export function parseCli(argv, env) {
  /** @type {string[]} */
  const positional = [];
  /** @type {Record<string, string>} */
  const flags = {};
  let wait = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--wait') wait = true;
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s);
      const value = inline ?? argv[(i += 1)];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value\n${USAGE}`);
      flags[name ?? ''] = value;
    } else positional.push(arg);
  }
  const [verb, app, environment, revision, ...extra] = positional;
  if (verb !== 'deploy' || !app || !environment || !revision || extra.length)
    throw new UsageError(`expected deploy <app> <env> <revision>\n${USAGE}`);
  const known = ['url', 'region', 'key', 'commit', 'actor', 'run-url', 'timeout', 'interval'];
  const unknown = Object.keys(flags).filter((name) => !known.includes(name));
  if (unknown.length) throw new UsageError(`unknown option --${unknown.join(', --')}\n${USAGE}`);
  const url = flags.url ?? env.BLUESHIFT_URL;
  if (!url)
    throw new UsageError(
      `--url (or BLUESHIFT_URL) names the bot's HTTP API, e.g. https://abc123.execute-api.ap-northeast-2.amazonaws.com`,
    );
  let baseUrl;
  try {
    baseUrl = new URL(url);
  } catch {
    throw new UsageError(`--url ${url} is not a URL`);
  }
  const region =
    flags.region ??
    /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(baseUrl.hostname)?.[1] ??
    env.AWS_REGION ??
    env.AWS_DEFAULT_REGION;
  if (!region) throw new UsageError('--region (or AWS_REGION) is needed: the URL does not name one');
  const runUrl =
    flags['run-url'] ??
    (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined);
  return {
    app,
    env: environment,
    revision,
    wait,
    baseUrl,
    region,
    idempotencyKey: flags.key ?? defaultKey(env, app, environment, revision),
    commit: flags.commit ?? env.GITHUB_SHA,
    actor: flags.actor ?? env.GITHUB_ACTOR,
    runUrl,
    timeoutMs: duration(flags.timeout ?? '60m'),
    intervalMs: duration(flags.interval ?? '10s'),
  };
}

/**
 * One key per run attempt and deployment: a retried step is the same request; a re-run of the workflow (a new
 * attempt) asks again. Outside GitHub Actions, a key per minute. Keys are at most 128 characters.
 * @param {Record<string, string | undefined>} env
 * @param {string} app @param {string} environment @param {string} revision
 */
function defaultKey(env, app, environment, revision) {
  const run = env.GITHUB_RUN_ID
    ? `gh-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`
    : `local-${new Date().toISOString().slice(0, 16).replace(/\D/g, '')}`;
  const key = `${run}-${app}-${environment}-${revision}`;
  return key.length <= 128 ? key : `${run}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

export { USAGE };
