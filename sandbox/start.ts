import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../lib/config/parse';
import type { AppAnswer } from './aws/app-traffic';
import type { SeenRequest } from './aws/waf-samples';
import { appCheckPorts, withGitHubApi } from './app-config';
import { startSandboxGitHub } from './github/api';
import { changeFreeze } from './change-freeze';
import { quietSdkNotices, useSandboxEnvironment } from './settings';
import type { BlueshiftConfig } from '../lib/config/schema';
import { startDynalite } from '../test/fakes/dynalite';
import { createEventBus } from './runtime/event-bus';
import { loadBotFunctions } from './runtime/functions';
import { QUEUE_URL, startJobsQueue } from './runtime/jobs-queue';
import { startSchedule } from './runtime/schedule';
import { SlackGateway } from './runtime/slack-gateway';
import { loadConsoleAssets } from './server/console-assets';
import { startAppEndpoints, type AppEndpoint } from './server/app-endpoints';
import { consoleRoutes, type ConsoleAccount } from './server/console-routes';
import { EventStream } from './server/event-stream';
import { listen, type Route } from './server/http';
import { slackRoutes } from './server/slack-routes';
import { FileStore } from './slack/files';
import { MessageStore } from './slack/messages';
import { ResponseUrls } from './slack/response-urls';
import { createWorkspace, type Workspace } from './slack/workspace';

const ROOT = join(__dirname, '..');
export const SANDBOX_CONFIG = join(ROOT, 'sandbox', 'config.yml');
/** Slack's credentials in the sandbox: the emulator checks the token, the gateway signs with the secret. */
export const SANDBOX_SIGNING_SECRET = 'sandbox-signing-secret-not-a-real-one';
export const SANDBOX_BOT_TOKEN = 'xoxb-sandbox-not-a-real-token';

/** The simulated AWS account (sandbox/aws/account.ts), as the sandbox wires it. */
export interface SandboxAccount extends ConsoleAccount {
  onEvent(listener: (event: unknown) => void | Promise<void>): void;
  /** A request to the app behind a deployment group's load balancer (the checks' endpoints). */
  serveApp(deploymentGroup: string, request: SeenRequest): AppAnswer;
  stop(): void;
}

export interface SandboxOptions {
  /** Starts the simulated account: main.ts passes sandbox/aws/account.ts's simulateAccount. */
  simulate: (options: { account: string; region: string; stepMs?: number }) => SandboxAccount;
  port: number;
  /** The bot's configuration file; sandbox/config.yml (written for the simulated account) by default. */
  configFile?: string;
  stepMs: number | undefined;
  sweepMs: number;
  logLevel: string;
  log: (line: string) => void;
}

export interface Sandbox {
  url: string;
  workspace: Workspace;
  config: BlueshiftConfig;
  /** The app's endpoints the checks reach, one per deployment group they name. */
  apps: AppEndpoint[];
  stop(): Promise<void>;
}

/** The environment whose account is simulated: prod (the stories' environment), else the first one. */
function simulatedEnvironment(config: BlueshiftConfig) {
  const env = config.environments.prod ?? Object.values(config.environments)[0];
  if (!env) throw new Error('the sandbox configuration has no environments');
  return env;
}

/**
 * The whole bot in one process: the real Lambda handlers, called as AWS calls them, with Slack emulated over
 * HTTP, SQS and EventBridge in-process, the AWS account simulated at the SDK clients, and dynalite as the table.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  quietSdkNotices();
  const sourceFile = options.configFile ?? SANDBOX_CONFIG;
  const source = readFileSync(sourceFile, 'utf8');
  // Validated as written, so a mistake is named in the file the person edits.
  const written = parseConfig(source, sourceFile);
  const ports = appCheckPorts(source);
  const workspace = createWorkspace(written, join(ROOT, 'manifest.yml'));
  const messages = new MessageStore();
  const files = new FileStore();
  const events = new EventStream();
  const routes: Route[] = [];
  let base = '';
  const responseUrls = new ResponseUrls(() => base, messages);
  routes.push(
    ...slackRoutes({
      workspace,
      messages,
      files,
      responseUrls,
      botToken: SANDBOX_BOT_TOKEN,
      base: () => base,
      onCall: (method, result) => {
        if (!result.ok) options.log(`Slack API ${method} answered ${String(result.error)}`);
      },
    }),
  );

  // The account starts once the bot's environment is set; until then its load balancers have no healthy target.
  const simulation: { account?: SandboxAccount } = {};
  const serveApp = (group: string, request: SeenRequest): AppAnswer =>
    simulation.account?.serveApp(group, request) ?? { status: 503, body: 'the simulated account is starting' };
  const [dynamo, assets, server, apps, github] = await Promise.allSettled([
    startDynalite(),
    loadConsoleAssets(),
    listen(routes, options.port, options.log),
    startAppEndpoints(ports.deploymentGroups, serveApp, options.log),
    startSandboxGitHub(),
  ]);
  if (
    dynamo.status === 'rejected' ||
    assets.status === 'rejected' ||
    server.status === 'rejected' ||
    apps.status === 'rejected' ||
    github.status === 'rejected'
  ) {
    if (dynamo.status === 'fulfilled') await dynamo.value.stop();
    if (server.status === 'fulfilled') await server.value.close();
    if (apps.status === 'fulfilled') await apps.value.close();
    if (github.status === 'fulfilled') await github.value.stop();
    throw [server, dynamo, assets, apps, github].find((result) => result.status === 'rejected')?.reason;
  }
  base = server.value.url;
  // The bot reads the configuration with the endpoints' ports, from a file of the sandbox's own.
  const configDir = mkdtempSync(join(tmpdir(), 'blueshift-sandbox-'));
  const configFile = join(configDir, 'config.yml');
  const rendered = withGitHubApi(
    ports.render(new Map(apps.value.endpoints.map((app) => [app.deploymentGroup, app.port]))),
    github.value.apiUrl,
  );
  writeFileSync(
    configFile,
    `# Written by the sandbox from ${sourceFile}, with its app endpoints' and fake GitHub's ports.\n${rendered}`,
  );
  const config = parseConfig(rendered, configFile);
  const env = simulatedEnvironment(config);
  useSandboxEnvironment({
    configFile,
    signingSecret: SANDBOX_SIGNING_SECRET,
    botToken: SANDBOX_BOT_TOKEN,
    slackApiUrl: `${base}/api`,
    stateTable: dynamo.value.tableName,
    jobsQueueUrl: QUEUE_URL,
    dynamoEndpoint: dynamo.value.endpoint,
    region: env.region,
    logLevel: options.logLevel,
  });

  const account = options.simulate({
    account: env.account,
    region: env.region,
    ...(options.stepMs === undefined ? {} : { stepMs: options.stepMs }),
  });
  simulation.account = account;
  const functions = await loadBotFunctions();
  const queue = startJobsQueue(functions, options.log);
  const bus = createEventBus(functions, options.log);
  account.onEvent((event) => bus.put(event));
  const schedule = startSchedule(functions, options.sweepMs, env, options.log);
  const gateway = new SlackGateway({
    workspace,
    messages,
    responseUrls,
    functions,
    signingSecret: SANDBOX_SIGNING_SECRET,
    log: options.log,
  });
  routes.push(
    ...consoleRoutes({
      assets: assets.value,
      workspace,
      messages,
      gateway,
      account,
      freeze: changeFreeze(configFile, rendered, config),
      events,
      log: options.log,
    }),
  );

  messages.onChange(() => events.send('workspace', { version: messages.version }));
  let lastSnapshot = '';
  const watch = setInterval(() => {
    const snapshot = JSON.stringify(account.snapshot());
    if (snapshot !== lastSnapshot) events.send('account', JSON.parse(snapshot) as unknown);
    lastSnapshot = snapshot;
  }, 400);

  return {
    url: base,
    workspace,
    config,
    apps: apps.value.endpoints,
    async stop() {
      clearInterval(watch);
      schedule.stop();
      bus.stop();
      queue.stop();
      account.stop();
      events.close();
      await Promise.allSettled([server.value.close(), dynamo.value.stop(), apps.value.close(), github.value.stop()]);
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
