import { isIPv4, isIPv6 } from 'node:net';
import { parseDuration } from '../lib/config/duration';
import type { BlueshiftConfig } from '../lib/config/schema';
import type { ArgKind } from './spec';

/** What a token must look like for each argument kind; `problem` is said to the user as is. */
export type Check = { ok: true } | { ok: false; problem: string };

export interface ArgContext {
  config: BlueshiftConfig;
  /** The app named earlier in the same command, which narrows the environments on offer. */
  app: string | undefined;
}

const ok: Check = { ok: true };
/** A token as a problem quotes it: long ones are cut, so the problem and the usage after it still fit the message. */
export function cut(token: string, max = 60): string {
  return token.length <= max ? token : `${token.slice(0, max - 1)}…`;
}

const list = (names: string[]) => names.map((name) => `\`${name}\``).join(', ');

/** The environments an app is deployed to (or watched in), in configuration order. */
export function environmentsOf(config: BlueshiftConfig, app: string): string[] {
  const appConfig = config.apps[app];
  if (!appConfig) return [];
  const names = new Set([...Object.keys(appConfig.codedeploy.groups), ...Object.keys(appConfig.autoScalingGroups)]);
  return Object.keys(config.environments).filter((env) => names.has(env));
}

function checkApp(token: string, { config }: ArgContext): Check {
  if (Object.hasOwn(config.apps, token)) return ok;
  return { ok: false, problem: `unknown app \`${cut(token)}\`. Apps: ${list(Object.keys(config.apps))}.` };
}

function checkEnv(token: string, { config, app }: ArgContext): Check {
  if (app) {
    const envs = environmentsOf(config, app);
    if (envs.includes(token)) return ok;
    return { ok: false, problem: `\`${app}\` has no environment \`${cut(token)}\`. Its environments: ${list(envs)}.` };
  }
  if (Object.hasOwn(config.environments, token)) return ok;
  return {
    ok: false,
    problem: `unknown environment \`${cut(token)}\`. Environments: ${list(Object.keys(config.environments))}.`,
  };
}

function checkCidr(token: string): Check {
  const [address = '', bits, extra] = token.split('/');
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  const prefix = Number(bits);
  if (max && extra === undefined && /^\d{1,3}$/.test(bits ?? '') && prefix >= 1 && prefix <= max) return ok;
  return {
    ok: false,
    problem: `\`${cut(token)}\` is not an address range: write it as CIDR, e.g. \`203.0.113.0/24\` (/0 is not allowed).`,
  };
}

/** The environment an exemption id names: `prod-3fa9c1` → `prod`. */
export function exemptionEnv(id: string): string {
  return id.slice(0, id.lastIndexOf('-'));
}

function checkExemption(token: string, context: ArgContext): Check {
  const [pattern, problem] = PATTERNS.exemption;
  if (!pattern.test(token)) return { ok: false, problem: problem(token) };
  return checkEnv(exemptionEnv(token), { ...context, app: undefined });
}

const PATTERNS: Record<Exclude<ArgKind, 'app' | 'env' | 'cidr' | 'rest'>, [RegExp, (token: string) => string]> = {
  revision: [
    /^[\w.+-]{1,100}$/,
    (t) =>
      `\`${cut(t)}\` is not a revision: use letters, digits, \`.\`, \`_\`, \`+\` or \`-\` (e.g. \`v42\`, \`1.4.2\`, \`latest\`).`,
  ],
  path: [/^\/[^\s]{0,199}$/, (t) => `\`${cut(t)}\` is not a URL path: it must start with \`/\`, e.g. \`/admin\`.`],
  duration: [/^\d{1,4}[smhd]$/i, (t) => `\`${cut(t)}\` is not a duration: write e.g. \`30m\`, \`2h\` or \`1d\`.`],
  id: [/^[\w-]{1,64}$/, (t) => `\`${cut(t)}\` is not an id.`],
  exemption: [
    /^[a-z0-9][a-z0-9_-]{0,31}-[0-9a-f]{6}$/,
    (t) => `\`${cut(t)}\` is not an exemption id: they look like \`prod-3fa9c1\` (\`/waf-exempt list\` shows them).`,
  ],
  word: [/^\S{1,200}$/, (t) => `\`${cut(t)}\` is too long.`],
};

export function checkArgument(kind: ArgKind, token: string, context: ArgContext): Check {
  switch (kind) {
    case 'app':
      return checkApp(token, context);
    case 'env':
      return checkEnv(token, context);
    case 'cidr':
      return checkCidr(token);
    case 'exemption':
      return checkExemption(token, context);
    case 'rest':
      return ok;
    case 'duration':
      if (parseDuration(token) === undefined) return { ok: false, problem: PATTERNS.duration[1](token) };
      return ok;
    default: {
      const [pattern, problem] = PATTERNS[kind];
      return pattern.test(token) ? ok : { ok: false, problem: problem(token) };
    }
  }
}
