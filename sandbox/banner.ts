import type { AppEndpoint } from './server/app-endpoints';
import type { Workspace } from './slack/workspace';
import { PEOPLE } from './slack/workspace';
import { SCENARIOS } from './server/console-routes';

/** What `npm start` prints once it is up: where to go, who you can be, what to try, how to stop. */
export function banner(url: string, workspace: Workspace, startedInMs: number, apps: AppEndpoint[] = []): string {
  const people = PEOPLE.map((person) => `${person.name} (${person.role})`).join(' · ');
  const channels = workspace.channels.map((channel) => `#${channel.name}`).join('  ');
  const scenarios = Object.values(SCENARIOS)
    .map((scenario) => `"${scenario.label}"`)
    .join(' · ');
  return [
    '',
    `  blueshift sandbox is up (started in ${(startedInMs / 1000).toFixed(1)} s)`,
    '',
    `  Console    ${url}`,
    `  Users      ${people}  (switch at the top left)`,
    `  Channels   ${channels}`,
    '  Try        /deploy web prod v42  as alice, then Approve and Reroute traffic as bob',
    '             /status   /deploy help   /waf-exempt help',
    `  Scenarios  ${scenarios}`,
    ...(apps.length
      ? [
          `  App        ${apps.map((app) => `${app.deploymentGroup} ${app.url}`).join(' · ')}  (the HTTP checks' endpoints)`,
        ]
      : []),
    '',
    '  Nothing leaves this machine: Slack, SQS and EventBridge are emulated in this process, the AWS account is',
    "  simulated, the state table is dynalite; the bot's real Lambda handlers do the work.",
    '  Stop with Ctrl-C.',
    '',
  ].join('\n');
}
