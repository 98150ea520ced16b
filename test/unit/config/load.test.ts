import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_MAX_AGE_SECONDS, configLoader, loadSlackSecrets } from '../../../lib/config/load';
import { ConfigError } from '../../../lib/config/parse';
import { configYaml } from '../../fakes/blueshift-config';
import { fakeParameterSource } from '../../fakes/parameter-source';

const PARAMETER = '/blueshift/prod/config';

describe('configLoader from a file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blueshift-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and parses the file once while it is unchanged, and again once it changed', async () => {
    // Prepare
    const path = join(dir, 'blueshift.yaml');
    await writeFile(path, configYaml());
    const load = configLoader({ kind: 'file', path }, undefined);
    const first = await load();
    // Act
    const again = await load();
    await writeFile(path, configYaml({ auditChannel: 'C0CHANGED01' }));
    await utimes(path, new Date(), new Date(Date.now() + 5_000)); // a later modification time, whatever the clock
    const changed = await load();
    // Assess
    expect(again).toBe(first);
    expect(changed.auditChannel).toBe('C0CHANGED01');
  });

  it('names the file when its content is not valid', async () => {
    // Prepare
    const path = join(dir, 'broken.yaml');
    await writeFile(path, configYaml({ auditChannel: 'audit' }));
    const load = configLoader({ kind: 'file', path }, undefined);
    // Act
    const loading = load();
    // Assess
    await expect(loading).rejects.toThrow(ConfigError);
    await expect(loading).rejects.toThrow(`${path} is not a valid blueshift configuration:\n- auditChannel: `);
  });
});

describe('configLoader from an SSM parameter', () => {
  it('asks for the parameter, not decrypted, trusting it for CONFIG_MAX_AGE_SECONDS', async () => {
    // Prepare
    const parameters = fakeParameterSource({ [PARAMETER]: configYaml() });
    const load = configLoader({ kind: 'parameter', name: PARAMETER }, parameters);
    // Act
    const config = await load();
    // Assess
    expect(config.apps.web?.codedeploy.application).toBe('edu-web');
    expect(parameters.reads).toEqual([{ name: PARAMETER, options: { decrypt: false, maxAgeSeconds: 300 } }]);
    expect(CONFIG_MAX_AGE_SECONDS).toBe(300);
  });

  it('keeps the parsed configuration while the text is unchanged', async () => {
    // Prepare
    const parameters = fakeParameterSource({ [PARAMETER]: configYaml() });
    const load = configLoader({ kind: 'parameter', name: PARAMETER }, parameters);
    const first = await load();
    // Act
    const second = await load();
    // Assess
    expect(second).toBe(first);
    expect(parameters.reads).toHaveLength(2);
  });

  it('parses again when the text changed', async () => {
    // Prepare
    const parameters = fakeParameterSource({ [PARAMETER]: configYaml() });
    const load = configLoader({ kind: 'parameter', name: PARAMETER }, parameters);
    const first = await load();
    parameters.values.set(PARAMETER, configYaml({ auditChannel: 'C0CHANGED01' }));
    // Act
    const second = await load();
    // Assess
    expect(second).not.toBe(first);
    expect(second.auditChannel).toBe('C0CHANGED01');
  });

  it('names the parameter when its text is not valid YAML', async () => {
    // Prepare
    const parameters = fakeParameterSource({ [PARAMETER]: 'environments: [prod,\n' });
    const load = configLoader({ kind: 'parameter', name: PARAMETER }, parameters);
    // Act
    const loading = load();
    // Assess
    await expect(loading).rejects.toThrow(`SSM parameter ${PARAMETER} is not valid YAML: `);
  });

  it('cannot be built without a parameter source', () => {
    // Act
    const build = () => configLoader({ kind: 'parameter', name: PARAMETER }, undefined);
    // Assess
    expect(build).toThrow('configLoader: an SSM parameter source is required');
  });
});

describe('loadSlackSecrets', () => {
  it('takes the secrets from the environment as they are, asking SSM nothing', async () => {
    // Prepare
    const parameters = fakeParameterSource();
    // Act
    const secrets = await loadSlackSecrets(
      { kind: 'env', signingSecret: 'local-secret', botToken: 'xoxb-local' },
      parameters,
    );
    // Assess
    expect(secrets).toEqual({ signingSecret: 'local-secret', botToken: 'xoxb-local' });
    expect(parameters.reads).toEqual([]);
  });

  it('reads both SecureStrings under the path, decrypted', async () => {
    // Prepare
    const parameters = fakeParameterSource({
      '/blueshift/prod/slack/signing-secret': '8f742231b10e8888abcd99yyyzzz85a5',
      '/blueshift/prod/slack/bot-token': 'xoxb-prod-token',
    });
    // Act
    const secrets = await loadSlackSecrets({ kind: 'parameters', path: '/blueshift/prod/slack' }, parameters);
    // Assess
    expect(secrets).toEqual({ signingSecret: '8f742231b10e8888abcd99yyyzzz85a5', botToken: 'xoxb-prod-token' });
    expect(parameters.reads.map((read) => read.name).sort()).toEqual([
      '/blueshift/prod/slack/bot-token',
      '/blueshift/prod/slack/signing-secret',
    ]);
    expect(parameters.reads.every((read) => read.options.decrypt)).toBe(true);
  });

  it('fails when a secret is missing', async () => {
    // Prepare
    const parameters = fakeParameterSource({ '/blueshift/prod/slack/signing-secret': 'secret' });
    // Act
    const loading = loadSlackSecrets({ kind: 'parameters', path: '/blueshift/prod/slack' }, parameters);
    // Assess
    await expect(loading).rejects.toThrow('ParameterNotFound: /blueshift/prod/slack/bot-token');
  });

  it('cannot read SSM secrets without a parameter source', async () => {
    // Act
    const loading = loadSlackSecrets({ kind: 'parameters', path: '/blueshift/prod/slack' }, undefined);
    // Assess
    await expect(loading).rejects.toThrow('loadSlackSecrets: an SSM parameter source is required');
  });
});
