import type { SlackGateway } from '../runtime/slack-gateway';
import type { MessageStore } from '../slack/messages';
import type { AccountSnapshot, ConsoleState, TriedRequest } from '../slack/types';
import { PEOPLE, type Workspace } from '../slack/workspace';
import type { ConsoleAssets } from './console-assets';
import type { EventStream } from './event-stream';
import type { Route } from './http';
import { field, json, readJson, text } from './io';

/** The part of the simulated account (sandbox/aws/account.ts) the console drives. */
export interface ConsoleAccount {
  /** creditExhaustion's `note` says why no alarm fired, when none could (an alarm left on a replaced group). */
  scenarios: {
    creditExhaustion(): Promise<{ note?: string }>;
    failNextDeployment(): void;
    breakNextRevision(): void;
    enableAdminProtection(): void;
    ciDeploys(): string;
    scaleOutKeepsFailing(): Promise<void>;
  };
  tryRequest(path: string, sourceIp: string): TriedRequest;
  snapshot(): AccountSnapshot;
}

/** The sandbox's own controls, besides the account's: a change freeze written into the bot's configuration. */
export interface ConsoleSandbox {
  freeze: { start(): { note: string } };
}

export interface ConsoleRouteDeps extends ConsoleSandbox {
  assets: ConsoleAssets;
  workspace: Workspace;
  messages: MessageStore;
  gateway: SlackGateway;
  account: ConsoleAccount;
  events: EventStream;
  log: (line: string) => void;
}

/** A visitor's address for the AdminProtection scenario (TEST-NET-2, documentation range). */
export const SCENARIO_VISITOR_IP = '198.51.100.23';

/** The console's buttons: the incidents blueshift is built for (docs/architecture.md), in the simulated account. */
export const SCENARIOS: Record<
  string,
  {
    label: string;
    run(account: ConsoleAccount, sandbox: ConsoleSandbox): Promise<{ tried?: TriedRequest; note?: string }>;
  }
> = {
  'cpu-credits': {
    label: 'CPU credits run out on web prod',
    run: async (account) => {
      const { note } = await account.scenarios.creditExhaustion();
      return note ? { note } : {};
    },
  },
  'deployment-fails': {
    label: 'deployment fails in AfterInstall',
    run: (account) => {
      account.scenarios.failNextDeployment();
      return Promise.resolve({});
    },
  },
  'broken-revision': {
    label: 'Next revision answers 500 on /',
    run: (account) => {
      account.scenarios.breakNextRevision();
      return Promise.resolve({
        note: 'The next deployment installs fine, but its revision answers 500 on / once traffic moves to it.',
      });
    },
  },
  'admin-protection': {
    label: 'Security enables AdminProtection',
    run: (account) => {
      account.scenarios.enableAdminProtection();
      return Promise.resolve({ tried: account.tryRequest('/admin', SCENARIO_VISITOR_IP) });
    },
  },
  'ci-deploys': {
    label: 'CI deploys v43',
    run: (account) => {
      try {
        const id = account.scenarios.ciDeploys();
        return Promise.resolve({
          note: `A GitHub Actions job called CodeDeploy directly: ${id} deploys web v43 to prod, started outside Slack.`,
        });
      } catch (error) {
        // CodeDeploy refuses a second deployment of a group, as it would the real CI job.
        return Promise.resolve({ note: `CodeDeploy refused the CI job: ${(error as Error).message}` });
      }
    },
  },
  'scale-out-fails': {
    label: 'Scale-out keeps failing',
    run: (account) => {
      // Runs on for a few steps; the console shows each failed launch as it happens.
      void account.scenarios.scaleOutKeepsFailing();
      return Promise.resolve({
        note: "Auto Scaling's new instances in web staging fail their install: three in a row, a few steps apart.",
      });
    },
  },
  'change-freeze': {
    label: 'Start a change freeze',
    run: (_account, sandbox) => Promise.resolve(sandbox.freeze.start()),
  },
};

function isPerson(workspace: Workspace, user: string): boolean {
  return PEOPLE.some((person) => person.id === user) && Boolean(workspace.user(user));
}

export function consoleRoutes(deps: ConsoleRouteDeps): Route[] {
  const { workspace, messages, gateway, account } = deps;
  const stateFor = (me: string): ConsoleState => ({
    me,
    users: workspace.users,
    channels: workspace.channels,
    groups: workspace.groups,
    commands: workspace.commands,
    messages: messages.visibleTo(me),
    version: messages.version,
  });
  const checked = (body: Record<string, unknown>) => {
    const user = field(body, 'user');
    const channel = field(body, 'channel');
    return isPerson(workspace, user) && workspace.channel(channel) ? { user, channel } : undefined;
  };
  return [
    { method: 'GET', path: /^\/$/, handle: () => text(200, deps.assets.html, 'text/html; charset=utf-8') },
    { method: 'GET', path: /^\/console\.css$/, handle: () => text(200, deps.assets.css, 'text/css; charset=utf-8') },
    {
      method: 'GET',
      path: /^\/console\.js$/,
      handle: () => text(200, deps.assets.js, 'text/javascript; charset=utf-8'),
    },
    {
      method: 'GET',
      path: /^\/console\/api\/state$/,
      handle: (_request, _response, _params, url) => {
        const me = url.searchParams.get('user') ?? '';
        return isPerson(workspace, me) ? json(200, stateFor(me)) : json(400, { ok: false, error: 'unknown_user' });
      },
    },
    {
      method: 'GET',
      path: /^\/console\/api\/events$/,
      handle: (request, response) => {
        deps.events.open(request, response);
        return 'streaming';
      },
    },
    { method: 'GET', path: /^\/console\/api\/account$/, handle: () => json(200, account.snapshot()) },
    {
      method: 'POST',
      path: /^\/console\/api\/command$/,
      handle: async (request) => {
        const body = await readJson(request);
        const who = checked(body);
        return who
          ? json(200, await gateway.slashCommand(who.user, who.channel, field(body, 'text')))
          : json(400, { ok: false, error: 'unknown_user_or_channel' });
      },
    },
    {
      method: 'POST',
      path: /^\/console\/api\/click$/,
      handle: async (request) => {
        const body = await readJson(request);
        const who = checked(body);
        if (!who) return json(400, { ok: false, error: 'unknown_user_or_channel' });
        const blockId = field(body, 'blockId') || undefined;
        const index = typeof body.index === 'number' && Number.isInteger(body.index) ? body.index : undefined;
        return json(
          200,
          await gateway.click(who.user, who.channel, field(body, 'ts'), field(body, 'actionId'), blockId, index),
        );
      },
    },
    {
      method: 'POST',
      path: /^\/console\/api\/dismiss$/,
      handle: async (request) => {
        const body = await readJson(request);
        const who = checked(body);
        const message = who ? messages.find(who.channel, field(body, 'ts')) : undefined;
        // Only your own ephemeral messages can be dismissed, as in Slack.
        if (!who || message?.ephemeralTo !== who.user) return json(400, { ok: false, error: 'cant_dismiss' });
        messages.remove(message.channel, message.ts);
        return json(200, { ok: true });
      },
    },
    {
      method: 'POST',
      path: /^\/console\/api\/scenario$/,
      handle: async (request) => {
        const name = field(await readJson(request), 'name');
        const scenario = SCENARIOS[name];
        if (!scenario) return json(400, { ok: false, error: 'unknown_scenario' });
        deps.log(`scenario: ${scenario.label}`);
        const { tried, note } = await scenario.run(account, deps);
        if (note) deps.log(`scenario: ${note}`);
        return json(200, {
          ok: true,
          ...(note ? { note } : {}),
          ...(tried ? { tried: { path: '/admin', sourceIp: SCENARIO_VISITOR_IP, ...tried } } : {}),
        });
      },
    },
    {
      method: 'POST',
      path: /^\/console\/api\/try$/,
      handle: async (request) => {
        const body = await readJson(request);
        const path = field(body, 'path');
        const sourceIp = field(body, 'sourceIp');
        if (!path.startsWith('/') || !sourceIp)
          return json(400, { ok: false, error: 'give a path starting with / and a source IP' });
        return json(200, { ok: true, path, sourceIp, ...account.tryRequest(path, sourceIp) });
      },
    },
  ];
}
