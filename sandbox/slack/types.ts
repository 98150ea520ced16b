import type { KnownBlock } from '@slack/types';

/**
 * The Slack workspace the sandbox emulates, as the console sees it. The server and the console page share these
 * shapes (the page imports them as types only).
 */
export interface WorkspaceUser {
  id: string;
  name: string;
  /** What this person is for in the stories: requester, approver, outsider, or the bot itself. */
  role: string;
  isBot?: boolean;
}

export interface WorkspaceChannel {
  id: string;
  name: string;
  topic: string;
}

export interface UserGroup {
  id: string;
  handle: string;
  members: string[];
}

export interface SharedFile {
  id: string;
  title: string;
  filename: string;
  mimetype: string;
  /** Where the console fetches the bytes. */
  url: string;
}

export interface ChannelMessage {
  channel: string;
  ts: string;
  /** The author: a user ID, or the bot's. */
  user: string;
  text: string;
  blocks: KnownBlock[];
  threadTs?: string;
  /** Set for an ephemeral message: only this user sees it ("Only visible to you"). */
  ephemeralTo?: string;
  files?: SharedFile[];
  /** Slack's own messages (unknown command, timeouts) come from Slackbot, not the app. */
  fromSlackbot?: boolean;
  editedAt?: string;
}

export interface SlashCommandHint {
  command: string;
  description: string;
  usageHint: string;
}

/** Everything one console user sees; fetched again whenever the event stream says something changed. */
export interface ConsoleState {
  me: string;
  users: WorkspaceUser[];
  channels: WorkspaceChannel[];
  groups: UserGroup[];
  commands: SlashCommandHint[];
  messages: ChannelMessage[];
  version: number;
}

/** The simulated account, as the side panel shows it (the shape of SimulatedAccount.snapshot()). */
export interface AccountSnapshot {
  deployments: { id: string; status: string; group: string }[];
  /** `watches`: the Auto Scaling groups the alarm's dimensions name, `(gone)` after the group was deleted. */
  alarms: { name: string; state: string; actionsEnabled: boolean; watches: string[] }[];
  /** `group`: the Auto Scaling group the instance is in. */
  fleet: { id: string; group: string; type: string; health: string; credits: number }[];
  webAclRules: string[];
  /** Per deployment group: the revision its load balancer sends traffic to, and whether it answers 500 on `/`. */
  traffic: { group: string; revision: string; deploymentId: string; fleet: 'blue' | 'green'; broken: boolean }[];
}

export interface TriedRequest {
  status: 200 | 403;
  blockedBy?: string;
  matchedExemption?: string;
}
