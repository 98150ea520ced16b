/**
 * The environment of `npm start` (sandbox/main.ts), read and written here because lib/config is the only place
 * that touches `process.env`. The bot itself never reads these variables.
 */
export interface SandboxSettings {
  /** TCP port on 127.0.0.1 (`PORT`, default 3000; 0 picks a free one). */
  port: number;
  /** The simulated account's step (`BLUESHIFT_SANDBOX_STEP_MS`); undefined keeps the account's own default. */
  stepMs: number | undefined;
  /** How often the sweeper runs (`BLUESHIFT_SANDBOX_SWEEP_MS`, default 5000): the sandbox's sped-up minute. */
  sweepMs: number;
  /** The bot's log level in the sandbox (`POWERTOOLS_LOG_LEVEL`, default WARN so the terminal stays readable). */
  logLevel: string;
  /** True under CI (`CI`): the end-to-end test must not skip for want of a browser there. */
  ci: boolean;
}

export class SandboxSettingsError extends Error {
  override readonly name = 'SandboxSettingsError';
}

type Env = Record<string, string | undefined>;

const nonEmpty = (text: string | undefined): string | undefined => (text?.trim() ? text.trim() : undefined);

function whole(env: Env, name: string, fallback: number | undefined, max = 1e9): number | undefined {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new SandboxSettingsError(`${name} must be a whole number from 0 to ${max}, not "${text}".`);
  return value;
}

export function readSandboxSettings(env: Env = process.env): SandboxSettings {
  return {
    port: whole(env, 'PORT', 3000, 65_535) ?? 3000,
    stepMs: whole(env, 'BLUESHIFT_SANDBOX_STEP_MS', undefined),
    sweepMs: Math.max(250, whole(env, 'BLUESHIFT_SANDBOX_SWEEP_MS', 5000) ?? 5000),
    logLevel: nonEmpty(env.POWERTOOLS_LOG_LEVEL) ?? 'WARN',
    ci: Boolean(env.CI && env.CI !== 'false'),
  };
}

/** The SDK's notice that it will need Node 22 from 2027 is known (the Lambda runtime is nodejs22.x). */
export function quietSdkNotices(env: Env = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

/** What the bot's functions read (docs/architecture.md "Public contract"), pointed at the sandbox's own services. */
export interface SandboxFunctionEnvironment {
  configFile: string;
  signingSecret: string;
  botToken: string;
  slackApiUrl: string;
  stateTable: string;
  jobsQueueUrl: string;
  dynamoEndpoint: string;
  region: string;
  logLevel: string;
}

/** A closed port on this machine: where any AWS call the simulated account does not answer goes, and fails. */
const NO_AWS_ENDPOINT = 'http://127.0.0.1:9';

/**
 * Sets the variables the real handlers read, before they are loaded. Settings that would win over these
 * (an SSM config parameter, SSM secrets, endpoints) are removed, and AWS credentials are dummies, so the sandbox
 * can never reach a real workspace or account even when the shell has real ones. Every AWS endpoint but the
 * state table's is this machine's closed port: a call the simulated account's stubs do not answer (one still
 * running after stop() restored the clients, say) fails here instead of reaching AWS.
 */
export function useSandboxEnvironment(values: SandboxFunctionEnvironment, env: Env = process.env): void {
  const dropped = [
    'BLUESHIFT_CONFIG_PARAMETER',
    'SLACK_SECRETS_PATH',
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  ];
  for (const name of Object.keys(env))
    if (dropped.includes(name) || name.startsWith('AWS_ENDPOINT_URL')) Reflect.deleteProperty(env, name);
  Object.assign(env, {
    AWS_ENDPOINT_URL: NO_AWS_ENDPOINT,
    BLUESHIFT_STAGE: 'sandbox',
    BLUESHIFT_CONFIG: values.configFile,
    SLACK_SIGNING_SECRET: values.signingSecret,
    SLACK_BOT_TOKEN: values.botToken,
    SLACK_API_URL: values.slackApiUrl,
    STATE_TABLE: values.stateTable,
    JOBS_QUEUE_URL: values.jobsQueueUrl,
    AWS_ENDPOINT_URL_DYNAMODB: values.dynamoEndpoint,
    AWS_REGION: values.region,
    AWS_ACCESS_KEY_ID: 'sandbox',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    POWERTOOLS_LOG_LEVEL: values.logLevel,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
}
