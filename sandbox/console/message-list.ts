import type { ChannelMessage, ConsoleState, SharedFile, WorkspaceUser } from '../slack/types';
import { renderBlocks } from './blocks';
import { escapeHtml } from './html';
import { mrkdwn, type Names, type RenderContext } from './mrkdwn';

/** IDs to names, from the workspace the server describes. */
export function namesOf(state: Pick<ConsoleState, 'users' | 'channels' | 'groups'>): Names {
  return {
    user: (id) => state.users.find((user) => user.id === id)?.name,
    channel: (id) => state.channels.find((channel) => channel.id === id)?.name,
    group: (id) => state.groups.find((group) => group.id === id)?.handle,
  };
}

const AVATAR_COLOURS = ['#1d4e89', '#2eb67d', '#e01e5a', '#ecb22e', '#36c5f0', '#7c3085'];

function avatar(user: WorkspaceUser | undefined, id: string): string {
  const name = user?.name ?? id;
  let sum = 0;
  for (let index = 0; index < id.length; index += 1) sum += id.charCodeAt(index);
  const colour = AVATAR_COLOURS[sum % AVATAR_COLOURS.length] ?? '#1d4e89';
  return `<div class="avatar" style="background:${colour}" aria-hidden="true">${escapeHtml(name.slice(0, 1).toUpperCase())}</div>`;
}

function clock(ts: string, timeZone: string | undefined): string {
  const date = new Date(Number(ts.split('.')[0]) * 1000);
  return new Intl.DateTimeFormat('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

function files(shared: readonly SharedFile[] | undefined): string {
  return (shared ?? [])
    .map((file) =>
      file.mimetype.startsWith('image/')
        ? `<figure class="msg-file"><figcaption>${escapeHtml(file.title)}</figcaption><img src="${escapeHtml(file.url)}" alt="${escapeHtml(file.title)}" data-testid="file-image"></figure>`
        : `<a class="msg-file" href="${escapeHtml(file.url)}">${escapeHtml(file.title)}</a>`,
    )
    .join('');
}

function body(message: ChannelMessage, context: RenderContext): string {
  const content = message.blocks.length
    ? renderBlocks(message.blocks, context)
    : message.text
      ? `<div class="msg-text">${mrkdwn(message.text, context)}</div>`
      : '';
  return `${content}${files(message.files)}`;
}

function one(message: ChannelMessage, state: ConsoleState, context: RenderContext): string {
  const author = state.users.find((user) => user.id === message.user);
  const badge = author?.isBot && !message.fromSlackbot ? '<span class="badge">APP</span>' : '';
  const edited = message.editedAt ? '<span class="edited">(edited)</span>' : '';
  const ephemeral = message.ephemeralTo
    ? `<div class="ephemeral-note" data-testid="ephemeral-note"><span aria-hidden="true">👁</span> Only visible to you · <button type="button" class="link-button dismiss" data-ts="${escapeHtml(message.ts)}">Dismiss</button></div>`
    : '';
  const classes = ['msg', message.ephemeralTo ? 'msg-ephemeral' : '', message.fromSlackbot ? 'msg-slackbot' : '']
    .filter(Boolean)
    .join(' ');
  return `<article class="${classes}" data-testid="message" data-ts="${escapeHtml(message.ts)}" data-author="${escapeHtml(author?.name ?? message.user)}"${message.ephemeralTo ? ' data-ephemeral="true"' : ''}>
  ${avatar(author, message.user)}
  <div class="msg-main">
    <div class="msg-meta"><span class="msg-author">${escapeHtml(author?.name ?? message.user)}</span>${badge}<time>${escapeHtml(clock(message.ts, context.timeZone))}</time>${edited}</div>
    <div class="msg-body">${body(message, context)}</div>
    ${ephemeral}
  </div>
</article>`;
}

function thread(
  parent: ChannelMessage,
  replies: ChannelMessage[],
  state: ConsoleState,
  context: RenderContext,
  collapsed: ReadonlySet<string>,
): string {
  if (!replies.length) return '';
  const open = !collapsed.has(parent.ts);
  const label = `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`;
  const toggle = `<button type="button" class="thread-toggle" data-testid="thread-toggle" data-thread="${escapeHtml(parent.ts)}" aria-expanded="${String(open)}">${open ? '▾' : '▸'} ${label}</button>`;
  const list = open
    ? `<div class="thread" data-testid="thread" data-thread="${escapeHtml(parent.ts)}">${replies.map((reply) => one(reply, state, context)).join('')}</div>`
    : '';
  return `<div class="thread-box">${toggle}${list}</div>`;
}

/**
 * A channel as Slack shows it: top-level messages in order, each with its thread's replies beneath it
 * (collapsible), and ephemeral messages marked "Only visible to you".
 */
export function renderChannel(
  state: ConsoleState,
  channel: string,
  context: RenderContext,
  collapsed: ReadonlySet<string>,
): string {
  const inChannel = state.messages.filter((message) => message.channel === channel);
  const isReply = (message: ChannelMessage) =>
    message.threadTs !== undefined &&
    message.threadTs !== message.ts &&
    inChannel.some((parent) => parent.ts === message.threadTs);
  const top = inChannel.filter((message) => !isReply(message));
  if (!top.length)
    return '<p class="empty">No messages yet. Type <code>/</code> below to see what blueshift answers.</p>';
  return top
    .map((message) => {
      const replies = inChannel.filter((reply) => isReply(reply) && reply.threadTs === message.ts);
      return `<div class="msg-group">${one(message, state, context)}${thread(message, replies, state, context, collapsed)}</div>`;
    })
    .join('');
}
