import { keepSecret } from '../redact';

/**
 * The process environment, read once and checked. This is the only module that reads `process.env`
 * (docs/architecture.md "Public contract" lists these variables).
 */
export type ConfigSource = { kind: 'parameter'; name: string } | { kind: 'file'; path: string };
export type SecretsSource =
  { kind: 'parameters'; path: string } | { kind: 'env'; signingSecret: string; botToken: string };

export interface Settings {
  stage: string;
  config: ConfigSource;
  secrets: SecretsSource;
  stateTable: string | undefined;
  jobsQueueUrl: string | undefined;
  slackApiUrl: string | undefined;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

type Env = Record<string, string | undefined>;

function pick(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value; // an empty variable counts as unset
}

function configSource(env: Env): ConfigSource {
  const name = pick(env, 'BLUESHIFT_CONFIG_PARAMETER');
  if (name) return { kind: 'parameter', name };
  const path = pick(env, 'BLUESHIFT_CONFIG');
  if (path) return { kind: 'file', path };
  throw new SettingsError('Set BLUESHIFT_CONFIG_PARAMETER (SSM parameter name) or BLUESHIFT_CONFIG (YAML file path).');
}

function secretsSource(env: Env): SecretsSource {
  const path = pick(env, 'SLACK_SECRETS_PATH');
  if (path) return { kind: 'parameters', path: path.replace(/\/+$/, '') };
  const signingSecret = pick(env, 'SLACK_SIGNING_SECRET');
  const botToken = pick(env, 'SLACK_BOT_TOKEN');
  if (signingSecret && botToken) return { kind: 'env', signingSecret, botToken };
  throw new SettingsError('Set SLACK_SECRETS_PATH (SSM path) or both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN.');
}

export function readSettings(env: Env = process.env): Settings {
  // The function's own AWS credentials (Lambda sets them): never to be logged, posted or thrown.
  keepSecret(pick(env, 'AWS_ACCESS_KEY_ID'), pick(env, 'AWS_SECRET_ACCESS_KEY'), pick(env, 'AWS_SESSION_TOKEN'));
  return {
    stage: pick(env, 'BLUESHIFT_STAGE') ?? 'dev',
    config: configSource(env),
    secrets: secretsSource(env),
    stateTable: pick(env, 'STATE_TABLE'),
    jobsQueueUrl: pick(env, 'JOBS_QUEUE_URL'),
    slackApiUrl: pick(env, 'SLACK_API_URL'),
  };
}

/** A setting this function cannot run without; fails fast with the variable's name. */
export function required(value: string | undefined, variable: string): string {
  if (!value) throw new SettingsError(`Set ${variable}: this function needs it.`);
  return value;
}
