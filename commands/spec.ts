/**
 * Commands declared as data (after hubot's command specs): the grammar, who may run them and what they
 * change. Help text, argument validation and authorisation are all derived from these declarations; each form's
 * spec is a small module in commands/specs/, and commands/registry.ts lists them.
 */

/** Every slash command the Slack app declares (manifest.yml); the job schema and the registry derive from this list. */
export const SLASH_COMMANDS = ['deploy', 'rollback', 'waf-exempt', 'status'] as const;
export type SlashCommand = (typeof SLASH_COMMANDS)[number];

/** `exemption`: a WAF exemption id, `<env>-<6 hex>`; it names its environment, so access can be checked early. */
export type ArgKind = 'app' | 'env' | 'revision' | 'path' | 'duration' | 'cidr' | 'id' | 'exemption' | 'word' | 'rest';

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  readonly optional?: boolean;
  /** Introduces the argument by a keyword anywhere after the positional ones: `for 2h`, `from 10.0.0.0/8`. */
  readonly keyword?: string;
  readonly default?: string;
}

export interface CommandSpec<Id extends string = string, Args extends readonly ArgSpec[] = readonly ArgSpec[]> {
  /** The form's name, the command and its subcommand (`deploy-lock`): the worker runs the executor of this id. */
  readonly id: Id;
  readonly command: SlashCommand;
  /** `lock` in `/deploy lock …`; absent for the command's main form. */
  readonly subcommand?: string;
  readonly summary: string;
  readonly args: Args;
  readonly examples: readonly string[];
  /** Changes something in AWS or in the bot's state (and so is audited and needs an operator). */
  readonly sideEffects: boolean;
  /** `operators-or-approvers`: also the environment's approvers (e.g. lifting someone's deploy lock). */
  readonly allowed: 'anyone' | 'operators' | 'operators-or-approvers';
}

/** Arguments by name, as the parser hands them over when nothing more is known about the spec. */
export type ParsedArgs = Record<string, string | undefined>;

type DeclaredArgs<Args extends readonly ArgSpec[]> = {
  [A in Args[number] as A['name']]: A extends { optional: true }
    ? A extends { default: string }
      ? string
      : string | undefined
    : string;
};

/** An exemption id names its environment, and the parser adds that as `env` (access is checked against it). */
type ImpliedArgs<Args extends readonly ArgSpec[]> = [Extract<Args[number], { kind: 'exemption' }>] extends [never]
  ? unknown
  : { env: string };

/** The arguments a spec declares, as the parser hands them over: optional ones may be undefined. */
export type ArgsOf<S extends CommandSpec> =
  S extends CommandSpec<string, infer Args>
    ? string extends Args[number]['name']
      ? ParsedArgs
      : DeclaredArgs<Args> & ImpliedArgs<Args>
    : never;

export function defineCommand<const Id extends string, const Args extends readonly ArgSpec[]>(
  spec: CommandSpec<Id, Args>,
): CommandSpec<Id, Args> {
  return spec;
}

/** `/deploy lock` or `/status`: how users type the command. */
export function invocation(spec: CommandSpec): string {
  return spec.subcommand ? `/${spec.command} ${spec.subcommand}` : `/${spec.command}`;
}

/** What the user typed, as blueshift quotes it back: `/deploy web prod v42`. */
export function typedCommand({ command, text }: { command: SlashCommand; text: string }): string {
  return `/${command}${text.trim() ? ` ${text.trim()}` : ''}`;
}

/** `<app> <env> [revision] [for <duration>] [reason…]`, derived from the declared arguments. */
export function usageLine(spec: CommandSpec): string {
  const parts = spec.args.map((arg) => {
    const name = arg.kind === 'rest' ? `${arg.name}…` : arg.name;
    const inner = arg.keyword ? `${arg.keyword} <${name}>` : arg.kind === 'rest' ? name : `<${name}>`;
    const bare = arg.keyword || arg.kind === 'rest' ? inner : arg.name;
    return arg.optional ? `[${bare}]` : inner;
  });
  return [invocation(spec), ...parts].join(' ');
}
