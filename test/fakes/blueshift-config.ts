import { stringify } from 'yaml';
import type * as z from 'zod';
import { ConfigError, parseConfig } from '../../lib/config/parse';
import { configSchema, type BlueshiftConfig } from '../../lib/config/schema';

/** The configuration as written in YAML, before defaults are applied. */
export type ConfigInput = z.input<typeof configSchema>;

/**
 * A valid configuration shaped like config/example.yml: `prod` (protected, with WAF) and `staging`;
 * `web` is deployed to both and has fleets and alarms; `api` is deployed to prod only, with no fleet and no
 * alarm prefix. Every call returns a fresh object, so a test may change it freely.
 */
export function configInput(): ConfigInput {
  return {
    slack: { teamId: 'T0BLUESHIFT', appId: 'A0BLUESHIFT' },
    auditChannel: 'C0AUDIT0001',
    environments: {
      prod: {
        account: '111111111111',
        region: 'ap-northeast-2',
        role: 'arn:aws:iam::111111111111:role/blueshift-operator',
        externalId: 'blueshift-prod',
        channel: 'C0PRODOPS01',
        protected: true,
        access: { operators: ['S0DEVELOPERS', 'U0ALICE'], approvers: ['S0OPSLEADS'] },
        waf: {
          webAcl: { name: 'edu-web-acl', id: '11111111-2222-3333-4444-555555555555', scope: 'REGIONAL' },
          maxExemption: '8h',
        },
      },
      staging: {
        account: '222222222222',
        region: 'ap-northeast-2',
        role: 'arn:aws:iam::222222222222:role/blueshift-operator',
        externalId: 'blueshift-staging',
        channel: 'C0STAGING01',
        access: { operators: ['S0DEVELOPERS'] },
      },
    },
    apps: {
      web: {
        codedeploy: { application: 'edu-web', groups: { prod: 'edu-web-prod', staging: 'edu-web-staging' } },
        artifacts: { bucket: 'edu-artifacts', key: 'web/{revision}.zip', bundleType: 'zip' },
        autoScalingGroups: { prod: 'edu-web-prod-asg', staging: 'edu-web-staging-asg' },
        alarmPrefix: 'edu-web-',
      },
      api: {
        codedeploy: { application: 'edu-api', groups: { prod: 'edu-api-prod' } },
        artifacts: { bucket: 'edu-artifacts', key: 'builds/{revision}/bundle.tgz', bundleType: 'tgz' },
      },
    },
  };
}

/**
 * `configInput()` with settings changed by dotted path: `{ 'apps.web.alarmPrefix': 'x-' }`.
 * A value of `undefined` removes the key.
 */
export function configWith(changes: Record<string, unknown> = {}): ConfigInput {
  const input = configInput();
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let node = input as Record<string, unknown>;
    for (const key of keys) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    if (value === undefined) Reflect.deleteProperty(node, last);
    else node[last] = value;
  }
  return input;
}

/** The YAML text an operator would store in SSM or a file. */
export function configYaml(changes: Record<string, unknown> = {}): string {
  return stringify(configWith(changes));
}

/** The validated configuration, as the rest of the code sees it. */
export function buildConfig(changes: Record<string, unknown> = {}): BlueshiftConfig {
  return configSchema.parse(configWith(changes));
}

/** The ConfigError parseConfig throws for a text said to come from `blueshift.yaml`; fails if it accepts it. */
export function configErrorOf(text: string): ConfigError {
  try {
    parseConfig(text, 'blueshift.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('parseConfig accepted the configuration');
}
