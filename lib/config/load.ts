import { readFile, stat } from 'node:fs/promises';
import { keepSecret } from '../redact';
import type { BlueshiftConfig } from './schema';
import type { ConfigSource, SecretsSource } from './settings';

/** Parameter Store, as config loading needs it (lib/aws/ssm.ts implements it, with its own cache). */
export interface ParameterSource {
  get(name: string, options: { decrypt: boolean; maxAgeSeconds: number }): Promise<string>;
}

export interface SlackSecrets {
  signingSecret: string;
  botToken: string;
}

/** How long a container trusts its copy of the configuration before asking SSM again. */
export const CONFIG_MAX_AGE_SECONDS = 300;

/**
 * The YAML parser and the schema are loaded on the first read, not with the module: the slack function's module
 * load (its cold start's share before a request) then pays for neither (docs/architecture.md "Performance budget").
 */
async function parseConfig(text: string, origin: string): Promise<BlueshiftConfig> {
  const { parseConfig: parse } = await import('./parse');
  return parse(text, origin);
}

/**
 * Returns a function giving the current configuration. A file is read again only when its modification time
 * changed (a stat per ask: local use and the sandbox, whose console turns a freeze on); an SSM parameter is re-read
 * after CONFIG_MAX_AGE_SECONDS, and re-parsed only when its text changed.
 */
export function configLoader(
  source: ConfigSource,
  parameters: ParameterSource | undefined,
): () => Promise<BlueshiftConfig> {
  if (source.kind === 'file') {
    let loaded: { modified: number; config: Promise<BlueshiftConfig> } | undefined;
    return async () => {
      const modified = (await stat(source.path)).mtimeMs;
      if (loaded?.modified !== modified) {
        loaded = { modified, config: readFile(source.path, 'utf8').then((text) => parseConfig(text, source.path)) };
      }
      return loaded.config;
    };
  }
  if (!parameters) throw new Error('configLoader: an SSM parameter source is required');
  let last: { text: string; config: Promise<BlueshiftConfig> } | undefined;
  return async () => {
    const text = await parameters.get(source.name, { decrypt: false, maxAgeSeconds: CONFIG_MAX_AGE_SECONDS });
    if (last?.text !== text) last = { text, config: parseConfig(text, `SSM parameter ${source.name}`) };
    return last.config;
  };
}

/** Slack's signing secret and bot token, from SSM SecureStrings or (locally) the environment. */
export async function loadSlackSecrets(
  source: SecretsSource,
  parameters: ParameterSource | undefined,
): Promise<SlackSecrets> {
  if (source.kind === 'env') {
    keepSecret(source.signingSecret, source.botToken);
    return { signingSecret: source.signingSecret, botToken: source.botToken };
  }
  if (!parameters) throw new Error('loadSlackSecrets: an SSM parameter source is required');
  const read = (name: string) => parameters.get(`${source.path}/${name}`, { decrypt: true, maxAgeSeconds: 900 });
  const [signingSecret, botToken] = await Promise.all([read('signing-secret'), read('bot-token')]);
  keepSecret(signingSecret, botToken);
  return { signingSecret, botToken };
}
