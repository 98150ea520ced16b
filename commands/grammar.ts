import type { BlueshiftConfig } from '../lib/config/schema';
import { COMMAND_TEXT_MAX } from '../lib/config/limits';
import { checkArgument, cut, exemptionEnv, type ArgContext } from './arguments';
import type { ArgSpec, ArgsOf, CommandSpec, ParsedArgs, SlashCommand } from './spec';

/** A spec with the arguments it declares, for each spec of the union `S`. */
export type ParsedRequest<S extends CommandSpec> = S extends CommandSpec ? { spec: S; args: ArgsOf<S> } : never;

export type ParseResult<S extends CommandSpec = CommandSpec> =
  | { kind: 'help'; command: SlashCommand }
  | ({ kind: 'request' } & ParsedRequest<S>)
  | { kind: 'usage-error'; command: SlashCommand; spec: S | undefined; problem: string };

class Problem extends Error {}

/** Picks the spec: a known subcommand word first (`/deploy lock …`), else the command's main form. */
function chooseSpec<S extends CommandSpec>(specs: readonly S[], tokens: string[]): S | undefined {
  const sub = specs.find((spec) => spec.subcommand && spec.subcommand === tokens[0]?.toLowerCase());
  if (sub) tokens.shift();
  return sub ?? specs.find((spec) => !spec.subcommand);
}

function accepts(arg: ArgSpec | undefined, token: string, context: ArgContext): boolean {
  return arg !== undefined && checkArgument(arg.kind, token, context).ok;
}

function parsePositionals(spec: CommandSpec, tokens: string[], context: ArgContext, args: ParsedArgs): void {
  const positional = spec.args.filter((arg) => !arg.keyword && arg.kind !== 'rest');
  const keywords = new Set(spec.args.flatMap((arg) => (arg.keyword ? [arg.keyword] : [])));
  positional.forEach((arg, index) => {
    const token = tokens[0];
    if (token === undefined || keywords.has(token.toLowerCase())) {
      if (!arg.optional) throw new Problem(`missing <${arg.name}>.`);
      args[arg.name] = arg.default;
      return;
    }
    const check = checkArgument(arg.kind, token, context);
    if (!check.ok) {
      // An optional argument may be left out when the token fits the next one: `/status prod`.
      if (arg.optional && accepts(positional[index + 1], token, context)) {
        args[arg.name] = arg.default;
        return;
      }
      throw new Problem(check.problem);
    }
    args[arg.name] = tokens.shift();
    if (arg.kind === 'app') context.app = token;
  });
}

function parseKeywords(spec: CommandSpec, tokens: string[], context: ArgContext, args: ParsedArgs): void {
  for (;;) {
    const word = tokens[0]?.toLowerCase();
    const arg = word === undefined ? undefined : spec.args.find((candidate) => candidate.keyword === word);
    if (!arg) return;
    tokens.shift();
    // A keyword that introduces the rest (`override <reason…>`) takes every word after it.
    const value = arg.kind === 'rest' ? tokens.splice(0).join(' ') || undefined : tokens.shift();
    if (value === undefined) throw new Problem(`\`${arg.keyword ?? ''}\` needs a <${arg.name}> after it.`);
    if (args[arg.name] !== undefined) throw new Problem(`\`${arg.keyword ?? ''}\` is given twice.`);
    const check = checkArgument(arg.kind, value, context);
    if (!check.ok) throw new Problem(check.problem);
    args[arg.name] = value;
  }
}

function parseArgs(spec: CommandSpec, tokens: string[], config: BlueshiftConfig): ParsedArgs {
  const context: ArgContext = { config, app: undefined };
  const args: ParsedArgs = {};
  parsePositionals(spec, tokens, context, args);
  parseKeywords(spec, tokens, context, args);
  for (const arg of spec.args) {
    if (arg.keyword && args[arg.name] === undefined) args[arg.name] = arg.default;
  }
  // An exemption id names its environment: access is checked against it like a typed <env>.
  const exemption = spec.args.find((arg) => arg.kind === 'exemption');
  const exemptionId = exemption && args[exemption.name];
  if (exemptionId && args.env === undefined) args.env = exemptionEnv(exemptionId);
  const rest = spec.args.find((arg) => arg.kind === 'rest' && !arg.keyword);
  if (rest) {
    args[rest.name] = tokens.length ? tokens.join(' ') : rest.default;
    if (!rest.optional && !args[rest.name]) throw new Problem(`missing <${rest.name}>.`);
  } else if (tokens.length) {
    throw new Problem(`unexpected \`${cut(tokens.join(' '))}\`.`);
  }
  return args;
}

/** Parses what the user typed after the slash command. Wrong input never gets past this. */
export function parseCommand<S extends CommandSpec>(
  command: SlashCommand,
  text: string,
  specs: readonly S[],
  config: BlueshiftConfig,
): ParseResult<S> {
  if (text.length > COMMAND_TEXT_MAX) {
    return {
      kind: 'usage-error',
      command,
      spec: undefined,
      problem: `that is ${text.length.toLocaleString('en-US')} characters; blueshift reads at most ${COMMAND_TEXT_MAX.toLocaleString('en-US')}.`,
    };
  }
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens[0]?.toLowerCase() === 'help') return { kind: 'help', command };
  const spec = chooseSpec(specs, tokens);
  if (!spec) return { kind: 'usage-error', command, spec, problem: `unknown command \`/${command}\`.` };
  // `/deploy lock help`: what usage messages tell users to type.
  if (spec.subcommand && tokens[0]?.toLowerCase() === 'help') return { kind: 'help', command };
  try {
    // parseArgs fills exactly the arguments the spec declares (and `env` from an exemption id): its ArgsOf.
    return { kind: 'request', spec, args: parseArgs(spec, tokens, config) } as ParseResult<S>;
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    return { kind: 'usage-error', command, spec, problem: error.message };
  }
}
