import type { KnownBlock } from '@slack/types';
import type { FileStore } from './files';
import type { MessageStore } from './messages';
import type { SharedFile } from './types';
import { BOT_USER_ID, type Workspace } from './workspace';

export type Args = Record<string, unknown>;
export type MethodResult = Record<string, unknown> & { ok: boolean };

export interface WebApiDeps {
  workspace: Workspace;
  messages: MessageStore;
  files: FileStore;
  /** Base URL of this server, for the upload URLs it hands out. */
  base: () => string;
}

/** Form fields that carry JSON (web-api sends blocks and files as JSON strings in a form post). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'files', 'metadata']);

export function decodeArgs(contentType: string, raw: string): Args {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Args) : {};
  const args: Args = {};
  for (const [key, value] of new URLSearchParams(raw))
    args[key] = JSON_FIELDS.has(key) ? (JSON.parse(value) as unknown) : value;
  return args;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const fail = (error: string): MethodResult => ({ ok: false, error });

/** Blocks as Slack checks them: a list of objects that each say their type. */
function blocksOf(args: Args): KnownBlock[] | 'invalid' | undefined {
  if (args.blocks === undefined) return undefined;
  const ok =
    Array.isArray(args.blocks) &&
    args.blocks.every(
      (block) => typeof block === 'object' && block !== null && typeof (block as { type?: unknown }).type === 'string',
    );
  return ok ? (args.blocks as KnownBlock[]) : 'invalid';
}

function content(args: Args): { text: string; blocks?: KnownBlock[] } | string {
  const blocks = blocksOf(args);
  if (blocks === 'invalid') return 'invalid_blocks';
  if (!text(args.text) && !blocks?.length) return 'no_text';
  return { text: text(args.text), ...(blocks ? { blocks } : {}) };
}

type Method = (args: Args, deps: WebApiDeps) => MethodResult;

const METHODS: Record<string, Method> = {
  'auth.test': () => ({
    ok: true,
    user_id: BOT_USER_ID,
    bot_id: 'B0BLUESHIFT',
    team_id: 'T0BLUESHIFT',
    team: 'blueshift sandbox',
  }),
  'chat.postMessage': (args, { workspace, messages }) => {
    const channel = text(args.channel);
    if (!workspace.channel(channel)) return fail('channel_not_found');
    const body = content(args);
    if (typeof body === 'string') return fail(body);
    const threadTs = text(args.thread_ts);
    if (threadTs && !messages.find(channel, threadTs)) return fail('thread_not_found');
    const posted = messages.post({ channel, user: BOT_USER_ID, ...body, ...(threadTs ? { threadTs } : {}) });
    return {
      ok: true,
      channel,
      ts: posted.ts,
      message: {
        type: 'message',
        user: BOT_USER_ID,
        bot_id: 'B0BLUESHIFT',
        ts: posted.ts,
        text: posted.text,
        blocks: posted.blocks,
      },
    };
  },
  'chat.update': (args, { messages }) => {
    const channel = text(args.channel);
    const ts = text(args.ts);
    const found = messages.find(channel, ts);
    // Ephemeral messages cannot be updated with chat.update (https://api.slack.com/messaging/modifying).
    if (!found || found.ephemeralTo) return fail('message_not_found');
    if (found.user !== BOT_USER_ID) return fail('cant_update_message');
    const body = content(args);
    if (typeof body === 'string') return fail(body);
    const updated = messages.replace(channel, ts, body);
    return {
      ok: true,
      channel,
      ts,
      text: updated?.text ?? '',
      message: { text: updated?.text, blocks: updated?.blocks },
    };
  },
  'chat.postEphemeral': (args, { workspace, messages }) => {
    const channel = text(args.channel);
    if (!workspace.channel(channel)) return fail('channel_not_found');
    if (!workspace.user(text(args.user))) return fail('user_not_found');
    const body = content(args);
    if (typeof body === 'string') return fail(body);
    const threadTs = text(args.thread_ts);
    const posted = messages.post({
      channel,
      user: BOT_USER_ID,
      ...body,
      ephemeralTo: text(args.user),
      ...(threadTs ? { threadTs } : {}),
    });
    return { ok: true, message_ts: posted.ts };
  },
  'usergroups.users.list': (args, { workspace }) => {
    const group = workspace.groups.find((candidate) => candidate.id === text(args.usergroup));
    return group ? { ok: true, users: group.members } : fail('no_such_subteam');
  },
  'files.getUploadURLExternal': (args, { files, base }) => {
    const filename = text(args.filename);
    const length = Number(args.length);
    if (!filename || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
    const fileId = files.reserve(filename, length, text(args.alt_txt) || text(args.alt_text) || undefined);
    return { ok: true, upload_url: `${base()}/upload/${fileId}`, file_id: fileId };
  },
  'files.completeUploadExternal': (args, deps) => completeUpload(args, deps),
};

/** Without channel_id the file stays private; with it, Slack shares it as a message (in the thread, if given). */
function completeUpload(args: Args, { workspace, messages, files }: WebApiDeps): MethodResult {
  const listed = Array.isArray(args.files) ? (args.files as { id?: unknown; title?: unknown }[]) : [];
  const shared: SharedFile[] = [];
  for (const entry of listed) {
    const file = files.shared(text(entry.id), typeof entry.title === 'string' ? entry.title : undefined);
    if (!file) return fail('file_not_found');
    shared.push(file);
  }
  if (!shared.length) return fail('invalid_arguments');
  const channel = text(args.channel_id);
  if (channel) {
    if (!workspace.channel(channel)) return fail('channel_not_found');
    const threadTs = text(args.thread_ts);
    messages.post({
      channel,
      user: BOT_USER_ID,
      text: text(args.initial_comment),
      files: shared,
      ...(threadTs ? { threadTs } : {}),
    });
  }
  return {
    ok: true,
    files: shared.map((file) => ({ id: file.id, title: file.title, name: file.filename, mimetype: file.mimetype })),
  };
}

/** One Web API call, answered as Slack would: HTTP 200 with `ok` and, when false, the `error`. */
export function callMethod(
  method: string,
  args: Args,
  token: string | undefined,
  botToken: string,
  deps: WebApiDeps,
): MethodResult {
  if (!token) return fail('not_authed');
  if (token !== botToken) return fail('invalid_auth');
  const handler = METHODS[method];
  return handler ? handler(args, deps) : fail('unknown_method');
}
