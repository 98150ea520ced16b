import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { factsOf } from './arns';
import { renderStack } from './cloudformation';
import { BOT_USES, GRANTED_BY_OSLS_UNUSED, OPERATOR_USES, type PermissionUse } from './permissions';
import { actionsOf, identityStatements, rolePolicies, resourcesOf, targetTemplate } from './policies';
import { REPO } from './world';

// README.md's tables of what the operator role and the bot's role may do, generated from the permission table
// (test/iam/permissions.ts) and infra/target-account.yml rendered with placeholders. readme.test.ts fails when the
// README differs; `npm run docs:iam` (this file with --write) rewrites the tables.

export const README = join(REPO, 'README.md');

export const TABLES = {
  operator: 'iam:operator-role',
  bot: 'iam:bot-role',
} as const;

const PLACE = { partition: 'aws', region: '<region>', account: '<account>' };

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Uses of the same action, in the table's order. */
function byAction(uses: PermissionUse[]): [string, PermissionUse[]][] {
  const grouped = new Map<string, PermissionUse[]>();
  for (const use of uses) grouped.set(use.action, [...(grouped.get(use.action) ?? []), use]);
  return [...grouped];
}

async function wildcardNote(action: string): Promise<string> {
  const facts = await factsOf(action);
  return facts.wildcardOnly
    ? '`*` (AWS supports no narrower resource)'
    : '`*` (its only resource types are optional, and blueshift uses none)';
}

/** The operator role's permissions, with the resources infra/target-account.yml grants them on. */
export async function operatorTable(): Promise<string> {
  const stack = await renderStack(
    targetTemplate(),
    {
      BotAccountId: '<bot-account>',
      BotRoleName: '<bot-role>',
      ExternalId: '<external-id>',
      BotEventBusArn: '<bot-event-bus>',
      CodeDeployApplications: ['<application>'],
      WebAclArns: ['<each of WebAclArns>'],
    },
    { ...PLACE, stackName: 'blueshift-target' },
    { checkParameters: false },
  );
  const statements = identityStatements(await rolePolicies(stack.resources, 'OperatorRole', PLACE));
  const rows = await Promise.all(
    byAction(OPERATOR_USES).map(async ([action, uses]) => {
      const resources = [
        ...new Set(statements.filter((statement) => actionsOf(statement).includes(action)).flatMap(resourcesOf)),
      ];
      const on = await Promise.all(
        resources.map(async (resource) => (resource === '*' ? wildcardNote(action) : `\`${resource}\``)),
      );
      const use = uses[0]!;
      return `| \`${action}\` | ${on.join('<br>') || '(not granted)'} | ${cell(use.why)} | ${cell(use.usedBy)} |`;
    }),
  );
  return ['| Permission | On | Why blueshift needs it | Used by |', '|---|---|---|---|', ...rows].join('\n');
}

/** The bot role's permissions, one row per resource they are used on. */
export function botTable(): string {
  const rows = BOT_USES.map(
    (use) => `| \`${use.action}\` | ${cell(use.on ?? '')} | ${cell(use.why)} | ${cell(use.usedBy)} |`,
  );
  const osls = Object.entries(GRANTED_BY_OSLS_UNUSED).map(
    ([action, why]) =>
      `| \`${action}\` | the functions' log groups | Not used: osls grants it in every role it generates; ${cell(why)} | nothing |`,
  );
  return ['| Permission | On | Why blueshift needs it | Used by |', '|---|---|---|---|', ...rows, ...osls].join('\n');
}

function markers(name: string): { start: string; end: string } {
  return {
    start: `<!-- ${name}:start — generated from test/iam/permissions.ts by \`npm run docs:iam\`; npm test checks it -->`,
    end: `<!-- ${name}:end -->`,
  };
}

/** The text between a table's markers in the README, or undefined when the markers are missing. */
export function section(readme: string, name: string): string | undefined {
  const { start, end } = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  return from < 0 || to < from ? undefined : readme.slice(from + start.length, to).trim();
}

function replaceSection(readme: string, name: string, table: string): string {
  const { start, end } = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
  return `${readme.slice(0, from)}${start}\n${table}\n${readme.slice(to)}`;
}

export async function generatedTables(): Promise<Record<keyof typeof TABLES, string>> {
  return { operator: await operatorTable(), bot: botTable() };
}

async function write(): Promise<void> {
  const tables = await generatedTables();
  let readme = readFileSync(README, 'utf8');
  readme = replaceSection(readme, TABLES.operator, tables.operator);
  readme = replaceSection(readme, TABLES.bot, tables.bot);
  writeFileSync(README, readme);
  process.stdout.write('README.md: IAM tables written\n');
}

if (require.main === module && process.argv.includes('--write')) {
  write().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
