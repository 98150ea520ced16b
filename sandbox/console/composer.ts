import type { SlashCommandHint } from '../slack/types';
import { escapeHtml } from './html';

export interface ComposerOptions {
  commands(): readonly SlashCommandHint[];
  /** Sends what was typed; resolves once Slack (the sandbox) has taken it. */
  send(text: string): Promise<void>;
}

/** The commands a partly typed `/de…` could be, or the one being typed with its usage hint. */
export function hintsFor(
  typed: string,
  commands: readonly SlashCommandHint[],
): { exact: boolean; matches: SlashCommandHint[] } {
  if (!typed.startsWith('/')) return { exact: false, matches: [] };
  const [word = ''] = typed.split(/\s/, 1);
  const exact = commands.filter((command) => command.command === word);
  if (exact.length && typed.length > word.length) return { exact: true, matches: exact };
  return { exact: false, matches: commands.filter((command) => command.command.startsWith(word)) };
}

function hintItem(command: SlashCommandHint, index: number, exact: boolean): string {
  const usage = `<span class="hint-usage">${escapeHtml(command.usageHint)}</span>`;
  const description = exact ? '' : `<span class="hint-description">${escapeHtml(command.description)}</span>`;
  return `<li role="option" class="hint" data-index="${index}" data-command="${escapeHtml(command.command)}"><strong>${escapeHtml(command.command)}</strong> ${usage}${description}</li>`;
}

/**
 * The message box: Slack's slash-command autocomplete (command, usage hint, description), Tab or a click to
 * complete, Enter to send. blueshift answers slash commands only, so other text gets a reminder instead.
 */
export function setupComposer(
  form: HTMLFormElement,
  input: HTMLInputElement,
  hints: HTMLUListElement,
  note: HTMLElement,
  options: ComposerOptions,
): void {
  const refresh = () => {
    const { exact, matches } = hintsFor(input.value, options.commands());
    hints.innerHTML = matches.map((command, index) => hintItem(command, index, exact)).join('');
    hints.hidden = matches.length === 0;
    input.setAttribute('aria-expanded', String(matches.length > 0));
  };
  const complete = (command: string) => {
    input.value = `${command} `;
    input.focus();
    refresh();
  };
  input.addEventListener('input', () => {
    note.textContent = '';
    refresh();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hints.hidden = true;
    if (event.key !== 'Tab') return;
    const { exact, matches } = hintsFor(input.value, options.commands());
    const [first] = matches;
    if (!exact && first) {
      event.preventDefault();
      complete(first.command);
    }
  });
  hints.addEventListener('mousedown', (event) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[data-command]');
    if (!item?.dataset.command) return;
    event.preventDefault();
    complete(item.dataset.command);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (!text.startsWith('/')) {
      note.textContent = 'blueshift answers slash commands: type / to see them.';
      return;
    }
    input.value = '';
    refresh();
    input.disabled = true;
    void options.send(text).finally(() => {
      input.disabled = false;
      input.focus();
    });
  });
}
