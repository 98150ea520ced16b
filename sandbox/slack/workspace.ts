import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { BlueshiftConfig } from '../../lib/config/schema';
import type { SlashCommandHint, UserGroup, WorkspaceChannel, WorkspaceUser } from './types';

export const BOT_USER_ID = 'U0BLUESHIFT';
export const SLACKBOT_USER_ID = 'USLACKBOT';

/** The people of the stories (sandbox/config.yml gives alice the operator's and bob the approver's rights). */
export const PEOPLE: readonly WorkspaceUser[] = [
  { id: 'U0ALICE', name: 'alice', role: 'requester, operator' },
  { id: 'U0BOB', name: 'bob', role: 'approver' },
  { id: 'U0MALLORY', name: 'mallory', role: 'outsider' },
];

const SPECIAL_USERS: readonly WorkspaceUser[] = [
  { id: BOT_USER_ID, name: 'blueshift', role: 'the bot', isBot: true },
  { id: SLACKBOT_USER_ID, name: 'Slackbot', role: 'Slack itself', isBot: true },
];

/** User groups a configuration may name; alice develops, bob leads operations. */
const KNOWN_GROUPS: readonly UserGroup[] = [
  { id: 'S0DEVELOPERS', handle: 'developers', members: ['U0ALICE'] },
  { id: 'S0OPSLEADS', handle: 'ops-leads', members: ['U0BOB'] },
];

export interface Workspace {
  users: WorkspaceUser[];
  channels: WorkspaceChannel[];
  groups: UserGroup[];
  commands: SlashCommandHint[];
  user(id: string): WorkspaceUser | undefined;
  channel(id: string): WorkspaceChannel | undefined;
}

/** Channels named after what the configuration uses them for: the prod channel is #prod-ops. */
function channelsOf(config: BlueshiftConfig): WorkspaceChannel[] {
  const channels = new Map<string, WorkspaceChannel>();
  for (const [env, settings] of Object.entries(config.environments)) {
    const protectedNote = settings.protected ? ' (protected: changes need a second person)' : '';
    if (!channels.has(settings.channel)) {
      channels.set(settings.channel, {
        id: settings.channel,
        name: `${env}-ops`,
        topic: `${env}: deploys, alarms and WAF exemptions${protectedNote}`,
      });
    }
  }
  if (!channels.has(config.auditChannel)) {
    channels.set(config.auditChannel, {
      id: config.auditChannel,
      name: 'blueshift-audit',
      topic: 'Every decision blueshift makes or is asked to make',
    });
  }
  return [...channels.values()];
}

function groupsOf(config: BlueshiftConfig): UserGroup[] {
  const named = Object.values(config.environments)
    .flatMap((env) => [...env.access.operators, ...env.access.approvers])
    .filter((id) => id.startsWith('S'));
  const groups = new Map(KNOWN_GROUPS.map((group) => [group.id, { ...group, members: [...group.members] }]));
  for (const id of named) if (!groups.has(id)) groups.set(id, { id, handle: id.toLowerCase(), members: [] });
  return [...groups.values()];
}

interface ManifestCommand {
  command?: unknown;
  description?: unknown;
  usage_hint?: unknown;
}

/** The slash commands and their usage hints, as the Slack app manifest declares them. */
export function commandsOf(manifestFile: string): SlashCommandHint[] {
  const manifest = parse(readFileSync(manifestFile, 'utf8')) as { features?: { slash_commands?: ManifestCommand[] } };
  return (manifest.features?.slash_commands ?? []).map((entry) => ({
    command: String(entry.command),
    description: typeof entry.description === 'string' ? entry.description : '',
    usageHint: typeof entry.usage_hint === 'string' ? entry.usage_hint : '',
  }));
}

export function createWorkspace(config: BlueshiftConfig, manifestFile: string): Workspace {
  const users = [...PEOPLE, ...SPECIAL_USERS];
  const channels = channelsOf(config);
  return {
    users,
    channels,
    groups: groupsOf(config),
    commands: commandsOf(manifestFile),
    user: (id) => users.find((user) => user.id === id),
    channel: (id) => channels.find((channel) => channel.id === id),
  };
}
