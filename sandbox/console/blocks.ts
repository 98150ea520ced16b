import type { KnownBlock } from '@slack/types';
import { escapeHtml, safeUrl } from './html';
import { mrkdwn, plainText, type RenderContext } from './mrkdwn';

/** Block Kit as the console receives it: JSON whose shape Slack would have checked, read defensively. */
interface TextObject {
  type?: string;
  text?: string;
  emoji?: boolean;
}
interface ConfirmObject {
  title?: TextObject;
  text?: TextObject;
  confirm?: TextObject;
  deny?: TextObject;
  style?: string;
}
interface Element {
  type?: string;
  text?: TextObject | string;
  action_id?: string;
  value?: string;
  style?: string;
  url?: string;
  confirm?: ConfirmObject;
  image_url?: string;
  alt_text?: string;
  slack_file?: { id?: string; url?: string };
}
interface Block {
  type?: string;
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: Element;
  elements?: Element[];
  image_url?: string;
  alt_text?: string;
  title?: TextObject;
  slack_file?: { id?: string; url?: string };
}

/** The confirm dialog a button asks for, as plain strings (its text is mrkdwn, rendered when shown). */
export interface ConfirmDialog {
  title: string;
  text: string;
  textType: string;
  confirm: string;
  deny: string;
  style?: string;
}

function textObject(object: TextObject | undefined, context: RenderContext): string {
  if (!object?.text) return '';
  return object.type === 'mrkdwn' ? mrkdwn(object.text, context) : plainText(object.text, object.emoji !== false);
}

/** An image's source: a public URL, or a file uploaded to this workspace. */
function imageSource(source: { image_url?: string; slack_file?: { id?: string; url?: string } }): string | undefined {
  if (source.slack_file?.id) return `/files/${encodeURIComponent(source.slack_file.id)}`;
  return safeUrl(source.slack_file?.url ?? source.image_url ?? '');
}

function confirmOf(element: Element): ConfirmDialog | undefined {
  const c = element.confirm;
  if (!c) return undefined;
  return {
    title: c.title?.text ?? 'Are you sure?',
    text: c.text?.text ?? '',
    textType: c.text?.type ?? 'plain_text',
    confirm: c.confirm?.text ?? 'Yes',
    deny: c.deny?.text ?? 'Cancel',
    ...(c.style ? { style: c.style } : {}),
  };
}

function button(element: Element, blockId: string | undefined, context: RenderContext, index?: number): string {
  const label = typeof element.text === 'string' ? plainText(element.text) : textObject(element.text, context);
  const style = element.style === 'primary' || element.style === 'danger' ? ` bk-button-${element.style}` : '';
  const url = element.url ? safeUrl(element.url) : undefined;
  if (url)
    return `<a class="bk-button${style}" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  const confirm = confirmOf(element);
  const data = [
    `data-testid="button-${escapeHtml(element.action_id ?? '')}"`,
    `data-action-id="${escapeHtml(element.action_id ?? '')}"`,
    blockId ? `data-block-id="${escapeHtml(blockId)}"` : '',
    // which of a block's buttons was clicked: a request's choices share `request.approve`, and the value stays out
    index !== undefined ? `data-index="${index}"` : '',
    confirm ? `data-confirm="${escapeHtml(JSON.stringify(confirm))}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<button type="button" class="bk-button${style}" ${data}>${label}</button>`;
}

function element(item: Element, blockId: string | undefined, context: RenderContext, index?: number): string {
  if (item.type === 'button') return button(item, blockId, context, index);
  if (item.type === 'image') {
    const src = imageSource(item);
    return src
      ? `<img class="bk-element-image" src="${escapeHtml(src)}" alt="${escapeHtml(item.alt_text ?? '')}">`
      : '';
  }
  return `<span class="bk-unsupported">[${escapeHtml(item.type ?? 'element')}]</span>`;
}

function contextElement(item: Element, context: RenderContext): string {
  if (item.type === 'mrkdwn' || item.type === 'plain_text')
    return `<span class="bk-context-text">${textObject(item as TextObject, context)}</span>`;
  return element(item, undefined, context);
}

function section(block: Block, context: RenderContext): string {
  const text = block.text ? `<div class="bk-text">${textObject(block.text, context)}</div>` : '';
  const fields = block.fields?.length
    ? `<div class="bk-fields">${block.fields.map((field) => `<div class="bk-field">${textObject(field, context)}</div>`).join('')}</div>`
    : '';
  const accessory = block.accessory
    ? `<div class="bk-accessory">${element(block.accessory, block.block_id, context, 0)}</div>`
    : '';
  return `<div class="bk-section" data-testid="block-section"><div class="bk-section-body">${text}${fields}</div>${accessory}</div>`;
}

function image(block: Block, context: RenderContext): string {
  const src = imageSource(block);
  const title = block.title ? `<figcaption>${textObject(block.title, context)}</figcaption>` : '';
  const img = src
    ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(block.alt_text ?? '')}" data-testid="block-image">`
    : '<span class="bk-unsupported">[image unavailable]</span>';
  return `<figure class="bk-image">${title}${img}</figure>`;
}

function block(item: Block, context: RenderContext): string {
  switch (item.type) {
    case 'header':
      return `<div class="bk-header" data-testid="block-header">${textObject(item.text, context)}</div>`;
    case 'section':
      return section(item, context);
    case 'context':
      return `<div class="bk-context" data-testid="block-context">${(item.elements ?? []).map((el) => contextElement(el, context)).join('')}</div>`;
    case 'divider':
      return '<hr class="bk-divider">';
    case 'image':
      return image(item, context);
    case 'actions':
      return `<div class="bk-actions" data-testid="block-actions">${(item.elements ?? []).map((el, index) => element(el, item.block_id, context, index)).join('')}</div>`;
    default:
      return `<div class="bk-unsupported">[${escapeHtml(item.type ?? 'block')} block]</div>`;
  }
}

/** A message's blocks as HTML, in order. */
export function renderBlocks(blocks: readonly KnownBlock[], context: RenderContext): string {
  return (blocks as readonly Block[]).map((item) => block(item, context)).join('');
}
