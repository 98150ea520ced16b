import { configLoader, loadSlackSecrets, type ParameterSource } from '../../lib/config/load';
import { parameterTokens } from '../../lib/github/tokens';
import type { BlueshiftConfig } from '../../lib/config/schema';
import { readSettings } from '../../lib/config/settings';
import type { SessionUser } from '../../lib/aws/role-sessions';
import { resolverFor, type Json, type Template } from './cloudformation';
import type { BotWorld } from './permissions';
import { recordSession } from './sessions';
import { BOT, BOT_PLACE } from './world';

// The bot's own resources as the packaged template creates them, and the calls its code makes on them, recorded
// from the code where it is cheap (the SSM parameters it reads, the AssumeRole calls it sends).

const lastSegment = (text: string, separator: string) => text.slice(text.lastIndexOf(separator) + 1);

function ofType(template: Template, type: string): [string, Record<string, Json>][] {
  return Object.entries(template.Resources).flatMap(([id, resource]) => {
    const typed = resource as { Type?: string; Properties?: Record<string, Json> };
    return typed.Type === type ? [[id, typed.Properties ?? {}] as [string, Record<string, Json>]] : [];
  });
}

function one<T>(values: T[], what: string): T {
  const unique = [...new Set(values)];
  if (unique.length !== 1) throw new Error(`expected one ${what}, found ${unique.length}: ${unique.join(', ')}`);
  return unique[0]!;
}

/** The SSM parameters the functions read with these settings, recorded from lib/config/load.ts. */
async function parametersRead(
  environment: Record<string, string>,
  configText: string,
): Promise<{ name: string; decrypt: boolean }[]> {
  const reads: { name: string; decrypt: boolean }[] = [];
  const source: ParameterSource = {
    get: (name, { decrypt }) => {
      reads.push({ name, decrypt });
      return Promise.resolve(decrypt ? 'secret' : configText);
    },
  };
  const settings = readSettings(environment);
  await loadSlackSecrets(settings.secrets, source);
  const config = await configLoader(settings.config, source)();
  // The worker's GitHub tokens, read as lib/github/tokens.ts reads them.
  const tokens = parameterTokens(source);
  for (const app of Object.values(config.apps)) if (app.github?.tokenParameter) await tokens(app.github.tokenParameter);
  return reads;
}

export async function botWorld(
  template: Template,
  config: BlueshiftConfig,
  configText: string,
  users: SessionUser[],
): Promise<BotWorld> {
  const resolve = await resolverFor(template, { ...BOT_PLACE, stackName: `blueshift-${BOT.stage}` });
  const text = (value: Json | undefined, where: string): string => {
    const resolved = resolve(value ?? null, where);
    if (typeof resolved !== 'string') throw new Error(`${where} is ${JSON.stringify(resolved)}, not a string`);
    return resolved;
  };
  const environments = ofType(template, 'AWS::Lambda::Function').map(
    ([id, properties]) =>
      resolve(((properties.Environment ?? {}) as { Variables?: Json }).Variables ?? {}, `${id} Environment`) as Record<
        string,
        string
      >,
  );
  const jobsQueue = one(
    environments.map((env) => lastSegment(env.JOBS_QUEUE_URL ?? '', '/')),
    'jobs queue',
  );
  const stateTable = one(
    environments.map((env) => env.STATE_TABLE ?? ''),
    'state table',
  );
  const sources = ofType(template, 'AWS::Lambda::EventSourceMapping').map(([id, properties]) =>
    lastSegment(text(properties.EventSourceArn, `${id} EventSourceArn`), ':'),
  );
  if (one(sources, 'SQS event source') !== jobsQueue)
    throw new Error(`the worker reads ${sources[0]}, not the jobs queue ${jobsQueue}`);
  const destinations = ofType(template, 'AWS::Lambda::EventInvokeConfig').map(([id, properties]) =>
    text(
      (properties.DestinationConfig as { OnFailure?: { Destination?: Json } } | undefined)?.OnFailure?.Destination,
      `${id} OnFailure`,
    ),
  );
  const reads = (await Promise.all(environments.map((env) => parametersRead(env, configText)))).flat();
  const roles = [
    ...new Map(Object.entries(config.environments).map(([name, env]) => [env.role, [name, env] as const])).values(),
  ];
  const sessions = await Promise.all(
    roles.flatMap(([name, env]) => users.map((user) => recordSession(name, env, user))),
  );
  return {
    place: BOT_PLACE,
    jobsQueue,
    deadLetterQueue: lastSegment(one(destinations, 'on-failure destination'), ':'),
    stateTable,
    logGroups: ofType(template, 'AWS::Logs::LogGroup').map(([id, properties]) =>
      text(properties.LogGroupName, `${id} LogGroupName`),
    ),
    parameters: [...new Map(reads.map((read) => [read.name, read])).values()],
    assumeRoles: sessions.map((session) => ({ roleArn: session.input.RoleArn ?? '', context: session.requestContext })),
  };
}
