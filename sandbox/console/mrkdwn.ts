import { EMOJI } from './emoji';
import { decodeSlackEntities, escapeHtml, safeUrl } from './html';
import { formatSlackDate, type DateContext } from './slack-date';

/** Who and what IDs stand for: `<@U0ALICE>` reads @alice, `<#C0PRODOPS01>` reads #prod-ops. */
export interface Names {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  group(id: string): string | undefined;
}

export interface RenderContext extends DateContext {
  names: Names;
}

const HELD = /\uE000(\d+)\uE001/g;
// Slack's emphasis: the marker sits at a word boundary, hugs its text, and does not cross a line.
const BOLD = /(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g;
const ITALIC = /(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/g;
const STRIKE = /(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g;
const SHORTCODE = /:([a-z0-9_+-]+):/g;

/** `:rocket:` → 🚀 in text that is already HTML-safe; unknown shortcodes stay as typed. */
export function emojify(html: string): string {
  return html.replace(SHORTCODE, (whole, name: string) => {
    const emoji = EMOJI[name];
    return emoji ? `<span class="emoji" title=":${name}:">${emoji}</span>` : whole;
  });
}

const labelled = (inner: string): [string, string | undefined] => {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
};
const span = (className: string, text: string): string =>
  `<span class="${className}">${escapeHtml(decodeSlackEntities(text))}</span>`;

/** One `<…>` token: a mention, a channel, a user group, a special mention, a date, or a link. */
function token(inner: string, context: RenderContext): string {
  const [target, label] = labelled(inner);
  if (/^@[UW]/.test(target))
    return span('mention', `@${label ?? context.names.user(target.slice(1)) ?? target.slice(1)}`);
  if (/^#[CGD]/.test(target))
    return span('channel-link', `#${label ?? context.names.channel(target.slice(1)) ?? target.slice(1)}`);
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    return span('mention', label ?? `@${context.names.group(id) ?? id}`);
  }
  if (/^!(here|channel|everyone)$/.test(target)) return span('mention', label ?? `@${target.slice(1)}`);
  if (target.startsWith('!date^')) {
    const [, epoch = '', format = '', link] = target.split('^');
    const text = formatSlackDate(epoch, format, context) ?? label ?? '';
    const url = link ? safeUrl(link) : undefined;
    const date = `<time class="slack-date" title="${escapeHtml(label ?? '')}">${escapeHtml(text)}</time>`;
    return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${date}</a>` : date;
  }
  const url = safeUrl(decodeSlackEntities(target));
  const text = escapeHtml(decodeSlackEntities(label ?? target));
  return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${text}</a>` : text;
}

/** Lines starting with `>` are quotes (in HTML-safe text the marker reads `&gt;`). */
function quotes(html: string): string {
  const lines = html.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const quoted = /^&gt; ?(.*)$/.exec(line);
    if (quoted) out.push(`<blockquote>${quoted[1] ?? ''}</blockquote>`);
    else out.push(line);
  }
  return out.join('\n').replace(/<\/blockquote>\n<blockquote>/g, '<br>');
}

/**
 * Slack mrkdwn as HTML: code blocks, inline code, `<…>` tokens, *bold*, _italic_, ~strike~, quotes and emoji
 * shortcodes. Code and tokens are set aside first (held), so nothing inside them is formatted; everything else is
 * escaped before any markup is added, so message text can never inject HTML.
 */
export function mrkdwn(text: string, context: RenderContext): string {
  const held: string[] = [];
  const hold = (html: string): string => `\uE000${held.push(html) - 1}\uE001`;
  let html = text.replace(/[\uE000\uE001]/g, '');
  html = html.replace(/```([\s\S]*?)```/g, (_whole, code: string) =>
    hold(`<pre class="mk-pre">${escapeHtml(decodeSlackEntities(code.replace(/^\n/, '')))}</pre>`),
  );
  html = html.replace(/`([^`\n]+)`/g, (_whole, code: string) =>
    hold(`<code class="mk-code">${escapeHtml(decodeSlackEntities(code))}</code>`),
  );
  html = html.replace(/<([^<>\n]+)>/g, (_whole, inner: string) => hold(token(inner, context)));
  html = escapeHtml(decodeSlackEntities(html));
  html = html
    .replace(BOLD, '$1<strong>$2</strong>')
    .replace(ITALIC, '$1<em>$2</em>')
    .replace(STRIKE, '$1<del>$2</del>');
  html = quotes(emojify(html)).replace(/\n/g, '<br>');
  // A held piece may hold earlier ones: a code span in a link's label (`<url|progress of \`d-1\`>`) is held first.
  const restore = (piece: string): string =>
    piece.replace(HELD, (_whole, index: string) => restore(held[Number(index)] ?? ''));
  return restore(html);
}

/** plain_text objects: escaped, with emoji shortcodes when `emoji` is not false. */
export function plainText(text: string, emoji = true): string {
  const html = escapeHtml(text);
  return emoji ? emojify(html) : html;
}
