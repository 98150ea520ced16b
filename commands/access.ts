import type { BlueshiftConfig } from '../lib/config/schema';
import type { CommandSpec, ParsedArgs } from './spec';

/** Slack user groups, as authorisation needs them (lib/slack/user-groups.ts implements it, cached). */
export interface Directory {
  membersOf(userGroupId: string): Promise<readonly string[]>;
}

export interface Actor {
  id: string;
  channel: string;
}

export type AccessDecision =
  { allowed: true; as: 'reader' | 'operator' | 'approver' } | { allowed: false; reason: string };

const mention = (channel: string) => `<#${channel}>`;

/** The channels blueshift serves: the environments' channels and the audit channel. */
export function servedChannels(config: BlueshiftConfig): string[] {
  const channels = Object.values(config.environments).map((env) => env.channel);
  return [...new Set([...channels, config.auditChannel])];
}

/** Whether the user is one of the principals, directly or through a user group. */
export async function isAmong(userId: string, principals: readonly string[], directory: Directory): Promise<boolean> {
  if (principals.includes(userId)) return true;
  const groups = principals.filter((principal) => principal.startsWith('S'));
  const memberships = await Promise.all(groups.map((group) => directory.membersOf(group)));
  return memberships.some((members) => members.includes(userId));
}

/**
 * Who may do what: read-only commands for anyone in a served channel; commands with side effects for the
 * environment's operators. Approval on protected environments is decided later, by the command.
 */
export async function authorise(
  spec: CommandSpec,
  args: Readonly<ParsedArgs>,
  actor: Actor,
  config: BlueshiftConfig,
  directory: Directory,
): Promise<AccessDecision> {
  const channels = servedChannels(config);
  if (!channels.includes(actor.channel)) {
    return {
      allowed: false,
      reason: `blueshift answers only in its channels: ${channels.map(mention).join(', ')}. Run the command there.`,
    };
  }
  if (spec.allowed === 'anyone') return { allowed: true, as: 'reader' };
  const envName = args.env;
  const env = envName ? config.environments[envName] : undefined;
  if (!envName || !env) return { allowed: false, reason: 'this command needs an environment to check who may run it.' };
  if (await isAmong(actor.id, env.access.operators, directory)) return { allowed: true, as: 'operator' };
  if (spec.allowed === 'operators-or-approvers' && (await isAmong(actor.id, env.access.approvers, directory))) {
    return { allowed: true, as: 'approver' };
  }
  return {
    allowed: false,
    reason: `only operators of \`${envName}\` may run this. Ask someone in ${describePrincipals(env.access.operators)}, or ask an admin to add you to \`environments.${envName}.access.operators\`.`,
  };
}

/** `<!subteam^S0DEV>, <@U0ALICE>`: how Slack renders users and groups as mentions. */
export function describePrincipals(principals: readonly string[]): string {
  if (!principals.length) return 'nobody yet (the list is empty)';
  return principals.map((p) => (p.startsWith('S') ? `<!subteam^${p}>` : `<@${p}>`)).join(', ');
}
