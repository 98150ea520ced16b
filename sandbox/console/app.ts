import type { ConsoleState } from '../slack/types';
import { setupAccountPanel } from './account-controls';
import { renderAccount } from './account-panel';
import { api } from './api';
import type { ConfirmDialog } from './blocks';
import { setupComposer } from './composer';
import { askToConfirm } from './confirm-dialog';
import { byId, toast } from './dom';
import { escapeHtml } from './html';
import { namesOf, renderChannel } from './message-list';
import type { RenderContext } from './mrkdwn';

const view = {
  me: localStorage.getItem('blueshift.sandbox.user') ?? 'U0ALICE',
  channel: localStorage.getItem('blueshift.sandbox.channel') ?? '',
  state: undefined as ConsoleState | undefined,
  collapsed: new Set<string>(),
  lastSeen: new Map<string, string>(),
};

const context = (): RenderContext => ({
  names: namesOf(view.state ?? { users: [], channels: [], groups: [] }),
  now: new Date(),
});

function renderSidebar(state: ConsoleState): void {
  byId('channel-list', HTMLElement).innerHTML = state.channels
    .map((channel) => {
      const latest = state.messages.filter((message) => message.channel === channel.id).at(-1)?.ts ?? '';
      const unread = channel.id !== view.channel && latest > (view.lastSeen.get(channel.id) ?? '');
      const current = channel.id === view.channel ? ' aria-current="true"' : '';
      return `<li><button type="button" class="channel${unread ? ' unread' : ''}" data-channel="${escapeHtml(channel.id)}" data-testid="channel-${escapeHtml(channel.name)}"${current}># ${escapeHtml(channel.name)}</button></li>`;
    })
    .join('');
  const select = byId('user-switcher', HTMLSelectElement);
  const people = state.users.filter((user) => !user.isBot);
  if (select.options.length !== people.length) {
    select.innerHTML = people
      .map(
        (user) => `<option value="${escapeHtml(user.id)}">${escapeHtml(user.name)} — ${escapeHtml(user.role)}</option>`,
      )
      .join('');
  }
  select.value = view.me;
}

function renderMessages(state: ConsoleState): void {
  const list = byId('messages', HTMLElement);
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.innerHTML = renderChannel(state, view.channel, context(), view.collapsed);
  if (atBottom) list.scrollTop = list.scrollHeight;
  const latest = state.messages.filter((message) => message.channel === view.channel).at(-1)?.ts;
  if (latest) view.lastSeen.set(view.channel, latest);
}

function render(): void {
  const state = view.state;
  if (!state) return;
  const channel = state.channels.find((candidate) => candidate.id === view.channel) ?? state.channels[0];
  if (!channel) return;
  view.channel = channel.id;
  renderSidebar(state);
  byId('channel-name', HTMLElement).textContent = `# ${channel.name}`;
  byId('channel-topic', HTMLElement).textContent = channel.topic;
  byId('composer-input', HTMLInputElement).placeholder = `Message #${channel.name} — type / for commands`;
  renderMessages(state);
  document.body.dataset.me = state.me;
  document.body.dataset.ready = 'true';
}

let refreshing: Promise<void> | undefined;
let again = false;
/** Fetches what this user sees; changes arriving meanwhile trigger one more fetch, not one each. */
function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = api
    .state(view.me)
    .then((state) => {
      view.state = state;
      render();
    })
    .finally(() => {
      refreshing = undefined;
      if (again) {
        again = false;
        void refresh();
      }
    });
  return refreshing;
}

async function press(button: HTMLButtonElement): Promise<void> {
  const ts = button.closest<HTMLElement>('[data-ts]')?.dataset.ts;
  const actionId = button.dataset.actionId;
  if (!ts || !actionId) return;
  const confirm = button.dataset.confirm ? (JSON.parse(button.dataset.confirm) as ConfirmDialog) : undefined;
  if (confirm && !(await askToConfirm(confirm, context()))) return;
  button.disabled = true;
  const { blockId, index } = button.dataset;
  const at = index === undefined ? undefined : Number(index);
  const outcome = await api.click(view.me, view.channel, ts, actionId, blockId, at).finally(() => {
    button.disabled = false;
  });
  if (!outcome.ok) toast(`Slack could not deliver the click: ${outcome.error ?? 'unknown error'}`);
}

function onMessagesClick(event: MouseEvent): void {
  const target = event.target as HTMLElement;
  const button = target.closest<HTMLButtonElement>('button.bk-button');
  if (button) {
    void press(button);
    return;
  }
  const toggle = target.closest<HTMLElement>('.thread-toggle');
  if (toggle?.dataset.thread) {
    const ts = toggle.dataset.thread;
    if (view.collapsed.has(ts)) view.collapsed.delete(ts);
    else view.collapsed.add(ts);
    render();
    return;
  }
  const dismiss = target.closest<HTMLElement>('.dismiss');
  if (dismiss?.dataset.ts) void api.dismiss(view.me, view.channel, dismiss.dataset.ts);
}

function start(): void {
  byId('messages', HTMLElement).addEventListener('click', onMessagesClick);
  byId('channel-list', HTMLElement).addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('[data-channel]');
    if (!button?.dataset.channel) return;
    view.channel = button.dataset.channel;
    localStorage.setItem('blueshift.sandbox.channel', view.channel);
    render();
  });
  byId('user-switcher', HTMLSelectElement).addEventListener('change', (event) => {
    view.me = (event.target as HTMLSelectElement).value;
    localStorage.setItem('blueshift.sandbox.user', view.me);
    void refresh();
  });
  setupComposer(
    byId('composer', HTMLFormElement),
    byId('composer-input', HTMLInputElement),
    byId('composer-hints', HTMLUListElement),
    byId('composer-note', HTMLElement),
    {
      commands: () => view.state?.commands ?? [],
      send: async (text) => {
        const outcome = await api.command(view.me, view.channel, text);
        if (!outcome.ok && outcome.error !== 'not_a_command')
          toast(`The command was not delivered: ${outcome.error ?? ''}`);
      },
    },
  );
  setupAccountPanel();
  const live = byId('live', HTMLElement);
  const events = new EventSource('/console/api/events');
  events.addEventListener('open', () => {
    live.textContent = '● live';
    live.className = 'live on';
    void refresh();
  });
  events.addEventListener('error', () => {
    live.textContent = '○ reconnecting';
    live.className = 'live off';
  });
  events.addEventListener('workspace', () => void refresh());
  events.addEventListener('account', (event) => {
    byId('account', HTMLElement).innerHTML = renderAccount(
      JSON.parse((event as MessageEvent<string>).data) as Parameters<typeof renderAccount>[0],
    );
  });
  void api.account().then((snapshot) => {
    byId('account', HTMLElement).innerHTML = renderAccount(snapshot);
  });
  void refresh();
}

start();
