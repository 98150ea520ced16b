import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  readSandboxSettings,
  SandboxSettingsError,
  useSandboxEnvironment,
  type SandboxFunctionEnvironment,
} from '../../../sandbox/settings';

const SANDBOX: SandboxFunctionEnvironment = {
  configFile: 'sandbox/config.yml',
  signingSecret: 's',
  botToken: 'xoxb-t',
  slackApiUrl: 'http://127.0.0.1:3000/api',
  stateTable: 'state',
  jobsQueueUrl: 'https://sqs.example/q',
  dynamoEndpoint: 'http://127.0.0.1:4567',
  region: 'ap-northeast-2',
  logLevel: 'WARN',
};

describe('npm start settings', () => {
  it('defaults to port 3000, a 5-second sweep and quiet logs', () => {
    expect(readSandboxSettings({})).toEqual({
      port: 3000,
      stepMs: undefined,
      sweepMs: 5000,
      logLevel: 'WARN',
      ci: false,
    });
  });

  it('reads the port, the account step, the sweep and CI', () => {
    const env = {
      PORT: '0',
      BLUESHIFT_SANDBOX_STEP_MS: '150',
      BLUESHIFT_SANDBOX_SWEEP_MS: '1000',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      CI: 'true',
    };
    expect(readSandboxSettings(env)).toEqual({ port: 0, stepMs: 150, sweepMs: 1000, logLevel: 'DEBUG', ci: true });
  });

  it('says which variable is wrong', () => {
    expect(() => readSandboxSettings({ PORT: 'eighty' })).toThrow(SandboxSettingsError);
    expect(() => readSandboxSettings({ PORT: '70000' })).toThrow(/PORT must be a whole number from 0 to 65535/);
  });

  it('points the functions at the sandbox and drops settings that would reach real SSM or AWS', () => {
    // Prepare
    const env: Record<string, string | undefined> = {
      BLUESHIFT_CONFIG_PARAMETER: '/blueshift/prod/config',
      SLACK_SECRETS_PATH: '/blueshift/prod/slack',
      AWS_PROFILE: 'prod',
    };
    // Act
    useSandboxEnvironment(SANDBOX, env);
    // Assess
    expect(env).not.toHaveProperty('BLUESHIFT_CONFIG_PARAMETER');
    expect(env).not.toHaveProperty('SLACK_SECRETS_PATH');
    expect(env).not.toHaveProperty('AWS_PROFILE');
    expect(env).toMatchObject({
      BLUESHIFT_CONFIG: 'sandbox/config.yml',
      SLACK_API_URL: 'http://127.0.0.1:3000/api',
      AWS_ACCESS_KEY_ID: 'sandbox',
    });
  });

  it('sends an AWS call the simulated account does not answer to this machine, never to AWS', async () => {
    // Prepare: a shell pointing STS at real AWS; a client nobody stubbed (as after stop() restores them)
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL_STS: 'https://sts.ap-northeast-2.amazonaws.com' });
    useSandboxEnvironment(SANDBOX);
    const sts = new STSClient({});
    let host = '';
    sts.middlewareStack.add(
      () => (args) => {
        host = (args.request as { hostname?: string }).hostname ?? '';
        return Promise.reject(new Error('not sent'));
      },
      { step: 'finalizeRequest' },
    );
    // Act
    try {
      await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow('not sent');
    } finally {
      process.env = saved;
    }
    // Assess
    expect(host).toBe('127.0.0.1');
  });
});
