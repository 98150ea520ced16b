import type { AccountSnapshot, ConsoleState, TriedRequest } from '../slack/types';

export interface Outcome {
  ok: boolean;
  error?: string;
}
export interface Tried extends TriedRequest {
  ok: boolean;
  path: string;
  sourceIp: string;
  error?: string;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

/** The sandbox server's console API (sandbox/server/console-routes.ts). */
export const api = {
  async state(user: string): Promise<ConsoleState> {
    const response = await fetch(`/console/api/state?user=${encodeURIComponent(user)}`);
    return (await response.json()) as ConsoleState;
  },
  async account(): Promise<AccountSnapshot> {
    return (await (await fetch('/console/api/account')).json()) as AccountSnapshot;
  },
  command: (user: string, channel: string, text: string) =>
    post<Outcome>('/console/api/command', { user, channel, text }),
  click: (
    user: string,
    channel: string,
    ts: string,
    actionId: string,
    blockId: string | undefined,
    index: number | undefined,
  ) => post<Outcome>('/console/api/click', { user, channel, ts, actionId, blockId, index }),
  dismiss: (user: string, channel: string, ts: string) => post<Outcome>('/console/api/dismiss', { user, channel, ts }),
  scenario: (name: string) => post<Outcome & { tried?: Tried; note?: string }>('/console/api/scenario', { name }),
  tryRequest: (path: string, sourceIp: string) => post<Tried>('/console/api/try', { path, sourceIp }),
};
