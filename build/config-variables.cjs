'use strict';

// Variable source for serverless.yml: `${file(./build/config-variables.cjs):yaml|tier|roleArns|accounts}`.
//
// Reads the operator's blueshift configuration (the YAML of config/example.yml, checked by lib/config/schema.ts) from
// `--param="config=path/to/file.yml"`, or `config/<stage>.yml` by default, and returns:
//   yaml      the file text, stored verbatim in the SSM parameter /blueshift/<stage>/config
//   tier      that parameter's tier: Standard up to 4 KB, Advanced above
//   roleArns  the unique environments.*.role ARNs: the only resources the bot role may sts:AssumeRole
//   accounts  the unique environments.*.account IDs: allowed to put events on the bot's bus and publish alarms
//
// osls calls the exported function with `{ options, resolveVariable, resolveConfigurationProperty }` once per
// reference; the parsed result is cached per file path. The file is validated with the bot's own schema
// (lib/config/parse.ts, loaded through tsx), so a deploy with a bad key fails here with the same message the
// functions would give at start, instead of deploying a bot that cannot start.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const STANDARD_PARAMETER_LIMIT = 4096; // bytes; larger values need the Advanced tier (charged per parameter)
const ADVANCED_PARAMETER_LIMIT = 8192;

const cache = new Map();

function configurationError(file, reason) {
  const error = new Error(`blueshift configuration "${file}": ${reason}`);
  // osls prints the stack of a failed variable source once per reference; the message is all an operator needs.
  error.stack = error.message;
  return error;
}

// Run in a child Node with tsx (a devDependency, installed by `npm ci`), which loads the TypeScript schema.
const VALIDATE = `
  const { parseConfig } = require(${JSON.stringify(path.join(__dirname, '..', 'lib', 'config', 'parse.ts'))});
  let text = '';
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => {
    try { parseConfig(text, 'it'); } catch (error) { process.stderr.write(error.message); process.exit(1); }
  });
`;

function validate(text, file) {
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', VALIDATE], {
    input: text,
    encoding: 'utf8',
    cwd: path.join(__dirname, '..'),
  });
  if (result.status !== 0) {
    throw configurationError(
      file,
      (result.stderr || result.error?.message || 'could not be validated').replace(/^it /, ''),
    );
  }
}

function unique(values) {
  return [...new Set(values)];
}

function readConfiguration(file) {
  const absolute = path.resolve(process.cwd(), file);
  if (!fs.existsSync(absolute)) {
    throw configurationError(
      file,
      'file not found. Create it (see config/example.yml) or pass --param="config=path/to/file.yml"',
    );
  }
  const text = fs.readFileSync(absolute, 'utf8');
  validate(text, file);
  let document;
  try {
    document = YAML.parse(text);
  } catch (error) {
    throw configurationError(file, `not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const environments = document && typeof document === 'object' ? document.environments : undefined;
  if (!environments || typeof environments !== 'object' || Object.keys(environments).length === 0) {
    throw configurationError(file, 'has no environments; at least one is needed (see config/example.yml)');
  }
  const entries = Object.entries(environments);
  for (const [name, environment] of entries) {
    if (
      !environment ||
      typeof environment.role !== 'string' ||
      !/^arn:aws[\w-]*:iam::\d{12}:role\//.test(environment.role)
    ) {
      throw configurationError(file, `environments.${name}.role must be an IAM role ARN`);
    }
    if (!/^\d{12}$/.test(String(environment.account ?? ''))) {
      throw configurationError(file, `environments.${name}.account must be a 12-digit AWS account ID (quote it)`);
    }
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > ADVANCED_PARAMETER_LIMIT) {
    throw configurationError(file, `is ${bytes} bytes; an SSM parameter holds at most ${ADVANCED_PARAMETER_LIMIT}`);
  }
  return {
    yaml: text,
    tier: bytes > STANDARD_PARAMETER_LIMIT ? 'Advanced' : 'Standard',
    roleArns: unique(entries.map(([, environment]) => environment.role)),
    accounts: unique(entries.map(([, environment]) => String(environment.account))),
  };
}

module.exports = async ({ resolveVariable }) => {
  const stage = await resolveVariable('sls:stage');
  const file = await resolveVariable(`param:config, 'config/${stage}.yml'`);
  if (!cache.has(file)) cache.set(file, readConfiguration(file));
  return cache.get(file);
};
