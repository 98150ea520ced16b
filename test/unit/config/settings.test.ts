import { readSettings, required, SettingsError, type Settings } from '../../../lib/config/settings';

/** The environment of a deployed function: config and secrets in SSM, state table and queue set. */
function deployedEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    BLUESHIFT_STAGE: 'prod',
    BLUESHIFT_CONFIG_PARAMETER: '/blueshift/prod/config',
    SLACK_SECRETS_PATH: '/blueshift/prod/slack',
    STATE_TABLE: 'blueshift-prod-state',
    JOBS_QUEUE_URL: 'https://sqs.ap-northeast-2.amazonaws.com/999999999999/blueshift-prod-jobs',
    ...overrides,
  };
}

/** A laptop: a YAML file and the secrets themselves. */
const localEnv = {
  BLUESHIFT_CONFIG: './blueshift.local.yaml',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  SLACK_BOT_TOKEN: 'xoxb-0000-0000-local',
};

describe('readSettings', () => {
  it('reads every variable of the contract', () => {
    // Act
    const settings = readSettings(deployedEnv({ SLACK_API_URL: 'https://slack-gov.com/api' }));
    // Assess
    expect(settings).toEqual<Settings>({
      stage: 'prod',
      config: { kind: 'parameter', name: '/blueshift/prod/config' },
      secrets: { kind: 'parameters', path: '/blueshift/prod/slack' },
      stateTable: 'blueshift-prod-state',
      jobsQueueUrl: 'https://sqs.ap-northeast-2.amazonaws.com/999999999999/blueshift-prod-jobs',
      slackApiUrl: 'https://slack-gov.com/api',
    });
  });

  it('reads a local setup: config file, secrets from the environment, stage dev, optional ones unset', () => {
    // Act
    const settings = readSettings(localEnv);
    // Assess
    expect(settings).toEqual<Settings>({
      stage: 'dev',
      config: { kind: 'file', path: './blueshift.local.yaml' },
      secrets: { kind: 'env', signingSecret: localEnv.SLACK_SIGNING_SECRET, botToken: localEnv.SLACK_BOT_TOKEN },
      stateTable: undefined,
      jobsQueueUrl: undefined,
      slackApiUrl: undefined,
    });
  });

  it.each<[string, Record<string, string | undefined>, Partial<Settings>]>([
    [
      'prefers the SSM parameter to a file',
      { BLUESHIFT_CONFIG: './x.yaml' },
      { config: { kind: 'parameter', name: '/blueshift/prod/config' } },
    ],
    [
      'prefers the SSM secrets path to secrets in the environment',
      localEnv,
      { secrets: { kind: 'parameters', path: '/blueshift/prod/slack' } },
    ],
    [
      'drops trailing slashes from the secrets path',
      { SLACK_SECRETS_PATH: '/blueshift/prod/slack//' },
      { secrets: { kind: 'parameters', path: '/blueshift/prod/slack' } },
    ],
    ['trims values', { STATE_TABLE: '  blueshift-prod-state\n' }, { stateTable: 'blueshift-prod-state' }],
    [
      'treats blank values as unset',
      { BLUESHIFT_STAGE: '  ', STATE_TABLE: '' },
      { stage: 'dev', stateTable: undefined },
    ],
  ])('%s', (_case, overrides, expected) => {
    // Act
    const settings = readSettings(deployedEnv(overrides));
    // Assess
    expect(settings).toMatchObject(expected);
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    [
      'no configuration source',
      { BLUESHIFT_CONFIG_PARAMETER: undefined },
      'Set BLUESHIFT_CONFIG_PARAMETER (SSM parameter name) or BLUESHIFT_CONFIG (YAML file path).',
    ],
    [
      'a blank configuration source',
      { BLUESHIFT_CONFIG_PARAMETER: ' ' },
      'Set BLUESHIFT_CONFIG_PARAMETER (SSM parameter name) or BLUESHIFT_CONFIG (YAML file path).',
    ],
    [
      'no secrets source',
      { SLACK_SECRETS_PATH: undefined },
      'Set SLACK_SECRETS_PATH (SSM path) or both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN.',
    ],
    [
      'a signing secret without a bot token',
      { SLACK_SECRETS_PATH: undefined, SLACK_SIGNING_SECRET: 'secret' },
      'Set SLACK_SECRETS_PATH (SSM path) or both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN.',
    ],
    [
      'a bot token without a signing secret',
      { SLACK_SECRETS_PATH: undefined, SLACK_BOT_TOKEN: 'xoxb-1' },
      'Set SLACK_SECRETS_PATH (SSM path) or both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN.',
    ],
  ])('fails naming the variables when there is %s', (_case, overrides, message) => {
    // Act
    const read = () => readSettings(deployedEnv(overrides));
    // Assess
    expect(read).toThrow(new SettingsError(message));
    expect(read).toThrow(SettingsError);
  });
});

describe('required', () => {
  it('gives back a value that is set', () => {
    // Act
    const table = required('blueshift-prod-state', 'STATE_TABLE');
    // Assess
    expect(table).toBe('blueshift-prod-state');
  });

  it.each(['STATE_TABLE', 'JOBS_QUEUE_URL'])('fails naming %s when it is unset', (variable) => {
    // Act
    const read = () => required(undefined, variable);
    // Assess
    expect(read).toThrow(new SettingsError(`Set ${variable}: this function needs it.`));
  });
});
