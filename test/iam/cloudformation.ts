import { arnOf, type ArnPlace } from './arns';

// A CloudFormation renderer, as far as blueshift's templates need one: parameters (with their defaults and
// constraints), pseudo parameters, Rules, Conditions, the AWS::LanguageExtensions Fn::ForEach, and the intrinsic
// functions Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::Not, Fn::And,
// Fn::Or and Fn::Contains. Anything else throws, naming it, so a template using more fails loudly instead of
// rendering a policy CloudFormation would not. Templates are plain JSON-like data (long-form intrinsics).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = Record<string, Json>;

export interface Template {
  Transform?: string | string[];
  Parameters?: Record<string, JsonObject>;
  Rules?: Record<string, { RuleCondition?: Json; Assertions: { Assert: Json; AssertDescription?: string }[] }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, Json>;
  Outputs?: Record<string, Json>;
}

export interface PseudoParameters extends ArnPlace {
  stackName: string;
}

export interface RenderedResource {
  logicalId: string;
  type: string;
  properties: JsonObject;
}

export interface RenderedStack {
  resources: Record<string, RenderedResource>;
  outputs: Record<string, Json>;
}

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The one intrinsic function an object is, if it is one: `{ "Fn::Sub": … }` → ['Fn::Sub', …]. */
function intrinsic(value: Json): [string, Json] | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys as [string];
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? [key, value[key]!] : undefined;
}

// ── Fn::ForEach (AWS::LanguageExtensions) ──────────────────────────────────────────────────────────────

/** Replaces `${Identifier}` in strings, `&{Identifier}` in keys and `{ Ref: Identifier }` in a ForEach fragment. */
function substituteLoopVariable(value: Json, identifier: string, item: string): Json {
  if (typeof value === 'string') return value.split(`\${${identifier}}`).join(item);
  if (Array.isArray(value)) return value.map((entry) => substituteLoopVariable(entry, identifier, item));
  if (!isObject(value)) return value;
  if (value.Ref === identifier && Object.keys(value).length === 1) return item;
  const keyItem = item.replace(/[^A-Za-z0-9]/g, '');
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [
      key.split(`&{${identifier}}`).join(keyItem).split(`\${${identifier}}`).join(item),
      substituteLoopVariable(entry, identifier, item),
    ]),
  );
}

function expandForEach(section: Record<string, Json>, collectionOf: (value: Json) => string[]): Record<string, Json> {
  const expanded: Record<string, Json> = {};
  for (const [key, value] of Object.entries(section)) {
    if (!key.startsWith('Fn::ForEach::')) {
      expanded[key] = value;
      continue;
    }
    if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string' || !isObject(value[2])) {
      throw new Error(`${key}: Fn::ForEach takes [identifier, collection, fragment]`);
    }
    const [identifier, collection, fragment] = value as [string, Json, JsonObject];
    for (const item of collectionOf(collection)) {
      const produced = expandForEach(substituteLoopVariable(fragment, identifier, item) as JsonObject, collectionOf);
      for (const [producedKey, producedValue] of Object.entries(produced)) {
        if (producedKey in expanded) throw new Error(`${key} produces ${producedKey} twice`);
        expanded[producedKey] = producedValue;
      }
    }
  }
  return expanded;
}

// ── Parameters ─────────────────────────────────────────────────────────────────────────────────────────

function parameterValues(
  template: Template,
  given: Record<string, string | string[]>,
  check = true,
): Record<string, string | string[]> {
  const declared = template.Parameters ?? {};
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length > 0) throw new Error(`the template has no parameter ${unknown.join(', ')}`);
  return Object.fromEntries(
    Object.entries(declared).map(([name, spec]) => {
      const raw = given[name] ?? (spec.Default as string | undefined);
      if (raw === undefined) throw new Error(`parameter ${name} has no value and no default`);
      const list =
        spec.Type === 'CommaDelimitedList' || (typeof spec.Type === 'string' && spec.Type.startsWith('List<'));
      const value = list ? (Array.isArray(raw) ? raw : raw.split(',')) : raw;
      if (!list && Array.isArray(value))
        throw new Error(`parameter ${name} is a ${JSON.stringify(spec.Type)}, not a list`);
      if (!check) return [name, value];
      for (const item of [value].flat()) {
        if (typeof spec.AllowedPattern === 'string' && !new RegExp(`^(?:${spec.AllowedPattern})$`).test(item)) {
          throw new Error(`parameter ${name}: "${item}" does not match ${spec.AllowedPattern}`);
        }
        if (Array.isArray(spec.AllowedValues) && !spec.AllowedValues.includes(item))
          throw new Error(`parameter ${name}: "${item}" is not allowed`);
      }
      if (!list && typeof value === 'string') {
        if (typeof spec.MinLength === 'number' && value.length < spec.MinLength)
          throw new Error(`parameter ${name} is shorter than ${spec.MinLength}`);
        if (typeof spec.MaxLength === 'number' && value.length > spec.MaxLength)
          throw new Error(`parameter ${name} is longer than ${spec.MaxLength}`);
      }
      return [name, value];
    }),
  );
}

// ── Resource names and attributes ──────────────────────────────────────────────────────────────────────

interface Attributes {
  Ref: Json;
  [attribute: string]: Json;
}

type Naming = (
  resource: { logicalId: string; properties: JsonObject },
  pseudo: PseudoParameters,
) => Promise<Attributes>;

const nameOr = (value: Json | undefined, fallback: string): string => (typeof value === 'string' ? value : fallback);
const generatedName = (pseudo: PseudoParameters, logicalId: string) => `${pseudo.stackName}-${logicalId}-GENERATED`;

/** Ref and Fn::GetAtt of the resource types blueshift's IAM policies point at; ARNs from iam-data's formats. */
const NAMING: Record<string, Naming> = {
  'AWS::IAM::Role': async ({ logicalId, properties }, pseudo) => {
    const name = nameOr(properties.RoleName, generatedName(pseudo, logicalId));
    const path = nameOr(properties.Path, '/').replace(/^\//, '');
    return {
      Ref: name,
      RoleId: `AROA${logicalId.toUpperCase()}`,
      Arn: await arnOf('iam', 'role', pseudo, { RoleNameWithPath: `${path}${name}` }),
    };
  },
  'AWS::SQS::Queue': async ({ logicalId, properties }, pseudo) => {
    const name = nameOr(properties.QueueName, generatedName(pseudo, logicalId));
    return {
      Ref: `https://sqs.${pseudo.region}.amazonaws.com/${pseudo.account}/${name}`,
      QueueName: name,
      Arn: await arnOf('sqs', 'queue', pseudo, { QueueName: name }),
    };
  },
  'AWS::DynamoDB::Table': async ({ logicalId, properties }, pseudo) => {
    const name = nameOr(properties.TableName, generatedName(pseudo, logicalId));
    return { Ref: name, Arn: await arnOf('dynamodb', 'table', pseudo, { TableName: name }) };
  },
  'AWS::Events::EventBus': async ({ logicalId, properties }, pseudo) => {
    const name = nameOr(properties.Name, generatedName(pseudo, logicalId));
    return { Ref: name, Name: name, Arn: await arnOf('events', 'event-bus', pseudo, { EventBusName: name }) };
  },
  'AWS::SNS::Topic': async ({ logicalId, properties }, pseudo) => {
    const name = nameOr(properties.TopicName, generatedName(pseudo, logicalId));
    const arn = await arnOf('sns', 'topic', pseudo, { TopicName: name });
    return { Ref: arn, TopicArn: arn, TopicName: name };
  },
  'AWS::Lambda::Function': async ({ logicalId, properties }, pseudo) => {
    const name = nameOr(properties.FunctionName, generatedName(pseudo, logicalId));
    return { Ref: name, Arn: await arnOf('lambda', 'function', pseudo, { FunctionName: name }) };
  },
  'AWS::Logs::LogGroup': async ({ logicalId, properties }, pseudo) => {
    const name = nameOr(properties.LogGroupName, generatedName(pseudo, logicalId));
    // CloudFormation's Arn attribute of a log group ends in `:*`.
    return { Ref: name, Arn: `${await arnOf('logs', 'log-group', pseudo, { LogGroupName: name })}:*` };
  },
};

const NAMING_PROPERTIES = [
  'RoleName',
  'Path',
  'QueueName',
  'TableName',
  'Name',
  'TopicName',
  'FunctionName',
  'LogGroupName',
];

// ── Rendering ──────────────────────────────────────────────────────────────────────────────────────────

class Renderer {
  readonly conditions = new Map<string, boolean>();
  readonly attributes = new Map<string, Attributes>();

  constructor(
    private readonly template: Template,
    private readonly parameters: Record<string, string | string[]>,
    private readonly pseudo: PseudoParameters,
  ) {}

  private ref(name: string, where: string): Json {
    if (name in this.parameters) return this.parameters[name]!;
    const pseudo: Record<string, string> = {
      'AWS::Partition': this.pseudo.partition,
      'AWS::Region': this.pseudo.region,
      'AWS::AccountId': this.pseudo.account,
      'AWS::StackName': this.pseudo.stackName,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    if (name in pseudo) return pseudo[name]!;
    return this.attribute(name, 'Ref', where);
  }

  private attribute(logicalId: string, attribute: string, where: string): Json {
    const attributes = this.attributes.get(logicalId);
    if (!attributes)
      throw new Error(
        `${where}: cannot resolve ${logicalId} (not a parameter, nor a resource of a type the renderer knows)`,
      );
    const value = attributes[attribute];
    if (value === undefined) throw new Error(`${where}: the renderer does not know ${logicalId}.${attribute}`);
    return value;
  }

  private sub(template: string, variables: JsonObject, where: string): string {
    return template.replace(/\$\{(!?)([^}]+)\}/g, (_, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in variables) return this.text(this.resolve(variables[name]!, where), `${where} \${${name}}`);
      const dot = name.indexOf('.');
      const value =
        dot > 0 && !name.startsWith('AWS::')
          ? this.attribute(name.slice(0, dot), name.slice(dot + 1), where)
          : this.ref(name, where);
      return this.text(value, `${where} \${${name}}`);
    });
  }

  private text(value: Json, where: string): string {
    if (typeof value !== 'string') throw new Error(`${where} is ${JSON.stringify(value)}, not a string`);
    return value;
  }

  private list(value: Json, where: string): Json[] {
    if (!Array.isArray(value)) throw new Error(`${where} is ${JSON.stringify(value)}, not a list`);
    return value;
  }

  /** Ref and Fn::GetAtt values of the resources, from their (resolved) naming properties. */
  async name(resources: [string, JsonObject & { Type: string }][], options: { strict: boolean }): Promise<void> {
    for (const [logicalId, resource] of resources) {
      const naming = NAMING[resource.Type];
      if (!naming) continue;
      const properties = isObject(resource.Properties ?? null) ? (resource.Properties as JsonObject) : {};
      try {
        const names: JsonObject = {};
        for (const key of NAMING_PROPERTIES) {
          if (properties[key] !== undefined)
            names[key] = this.resolve(properties[key], `Resources.${logicalId}.Properties.${key}`);
        }
        this.attributes.set(logicalId, await naming({ logicalId, properties: names }, this.pseudo));
      } catch (error) {
        if (options.strict) throw error;
      }
    }
  }

  condition(name: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`no condition ${name}`);
    const value = this.truth(definition, `Conditions.${name}`);
    this.conditions.set(name, value);
    return value;
  }

  truth(value: Json, where: string): boolean {
    const resolved = this.resolve(value, where);
    if (typeof resolved !== 'boolean') throw new Error(`${where} is ${JSON.stringify(resolved)}, not a condition`);
    return resolved;
  }

  /** The value with every intrinsic function resolved; AWS::NoValue entries removed. */
  resolve(value: Json, where: string): Json {
    if (Array.isArray(value))
      return value
        .map((entry, index) => this.resolve(entry, `${where}[${index}]`))
        .filter((entry) => entry !== NO_VALUE);
    if (!isObject(value)) return value;
    const call = intrinsic(value);
    if (!call) {
      return Object.fromEntries(
        Object.entries(value)
          .map(([key, entry]) => [key, this.resolve(entry, `${where}.${key}`)] as const)
          .filter(([, entry]) => entry !== NO_VALUE),
      );
    }
    const [name, argument] = call;
    const at = `${where} ${name}`;
    switch (name) {
      case 'Ref':
        return argument === 'AWS::NoValue' ? NO_VALUE : this.ref(this.text(argument, at), at);
      case 'Condition':
        return this.condition(this.text(argument, at));
      case 'Fn::Sub': {
        if (typeof argument === 'string') return this.sub(argument, {}, at);
        const [text, variables] = this.list(argument, at) as [Json, Json];
        if (!isObject(variables)) throw new Error(`${at}: the second element must be a map of variables`);
        return this.sub(this.text(text, at), variables, at);
      }
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof argument === 'string' ? argument.split('.') : this.list(argument, at);
        return this.attribute(this.text(logicalId ?? null, at), this.text(this.resolve(attribute ?? null, at), at), at);
      }
      case 'Fn::Join': {
        const [separator, items] = this.list(argument, at) as [Json, Json];
        return this.list(this.resolve(items, at), at)
          .map((item) => this.text(item, at))
          .join(this.text(separator, at));
      }
      case 'Fn::Select': {
        const [index, items] = this.list(argument, at) as [Json, Json];
        const list = this.list(this.resolve(items, at), at);
        const chosen = list[Number(this.resolve(index, at))];
        if (chosen === undefined) throw new Error(`${at}: index ${JSON.stringify(index)} is out of range`);
        return chosen;
      }
      case 'Fn::Split': {
        const [separator, text] = this.list(argument, at) as [Json, Json];
        return this.text(this.resolve(text, at), at).split(this.text(separator, at));
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = this.list(argument, at) as [Json, Json, Json];
        return this.resolve(this.condition(this.text(condition, at)) ? whenTrue : whenFalse, at);
      }
      case 'Fn::Equals': {
        const [left, right] = this.list(argument, at).map((entry) => this.resolve(entry, at));
        return JSON.stringify(left) === JSON.stringify(right);
      }
      case 'Fn::Not':
        return !this.truth(this.list(argument, at)[0] ?? null, at);
      case 'Fn::And':
        return this.list(argument, at).every((entry) => this.truth(entry, at));
      case 'Fn::Or':
        return this.list(argument, at).some((entry) => this.truth(entry, at));
      case 'Fn::Contains': {
        const [items, item] = this.list(argument, at).map((entry) => this.resolve(entry, at)) as [Json, Json];
        return this.list(items, at).some((entry) => JSON.stringify(entry) === JSON.stringify(item));
      }
      default:
        throw new Error(`${at}: the renderer does not know ${name}`);
    }
  }
}

const NO_VALUE: Json = { '::no-value::': true };

/**
 * The stack CloudFormation would create from the template with these parameters: Fn::ForEach expanded, Rules
 * asserted, resources whose Condition is false left out, and every intrinsic function resolved.
 */
export async function renderStack(
  template: Template,
  parameters: Record<string, string | string[]>,
  pseudo: PseudoParameters,
  options: { checkParameters?: boolean } = {},
): Promise<RenderedStack> {
  // Unchecked parameters render a template with placeholders (`<account>`) for people to read.
  const values = parameterValues(template, parameters, options.checkParameters ?? true);
  const transforms = [template.Transform ?? []].flat();
  const renderer = new Renderer(template, values, pseudo);
  const collection = (value: Json): string[] => {
    const resolved = renderer.resolve(value, 'Fn::ForEach collection');
    if (!Array.isArray(resolved) || !resolved.every((item): item is string => typeof item === 'string')) {
      throw new Error(`Fn::ForEach collection ${JSON.stringify(value)} is not a list of strings`);
    }
    return resolved;
  };
  const hasForEach = Object.keys(template.Resources).some((key) => key.startsWith('Fn::ForEach::'));
  if (hasForEach && !transforms.includes('AWS::LanguageExtensions'))
    throw new Error('Fn::ForEach needs Transform: AWS::LanguageExtensions');
  const resources = expandForEach(template.Resources, collection);

  for (const [name, rule] of Object.entries(template.Rules ?? {})) {
    if (rule.RuleCondition !== undefined && !renderer.truth(rule.RuleCondition, `Rules.${name}`)) continue;
    for (const assertion of rule.Assertions) {
      if (!renderer.truth(assertion.Assert, `Rules.${name}`))
        throw new Error(`Rules.${name}: ${assertion.AssertDescription ?? 'assertion failed'}`);
    }
  }

  const kept = Object.entries(resources).filter(([id, resource]) => {
    if (!isObject(resource) || typeof resource.Type !== 'string') throw new Error(`Resources.${id} has no Type`);
    return typeof resource.Condition !== 'string' || renderer.condition(resource.Condition);
  }) as [string, JsonObject & { Type: string }][];

  // Names first (they use parameters and pseudo parameters only), then everything that may refer to them.
  await renderer.name(kept, { strict: true });

  const rendered: Record<string, RenderedResource> = {};
  for (const [logicalId, resource] of kept) {
    const properties = renderer.resolve(resource.Properties ?? {}, `Resources.${logicalId}.Properties`);
    rendered[logicalId] = { logicalId, type: resource.Type, properties: properties as JsonObject };
  }
  const outputs = Object.fromEntries(
    Object.entries(template.Outputs ?? {})
      .filter(
        ([, output]) =>
          !isObject(output) || typeof output.Condition !== 'string' || renderer.condition(output.Condition),
      )
      .map(([name, output]) => [
        name,
        renderer.resolve(isObject(output) ? (output.Value ?? null) : output, `Outputs.${name}`),
      ]),
  );
  return { resources: rendered, outputs };
}

/**
 * A resolver for values of a template CloudFormation generated (serverless package): intrinsics resolved against
 * its resources, without rendering the others, whose types and intrinsics this renderer need not know.
 */
export async function resolverFor(
  template: Template,
  pseudo: PseudoParameters,
): Promise<(value: Json, where: string) => Json> {
  const renderer = new Renderer(template, parameterValues(template, {}), pseudo);
  const typed = Object.entries(template.Resources).filter(
    (entry): entry is [string, JsonObject & { Type: string }] =>
      isObject(entry[1]) && typeof entry[1].Type === 'string',
  );
  // A resource this renderer cannot name is an error only if a resolved value refers to it.
  await renderer.name(typed, { strict: false });
  return (value, where) => renderer.resolve(value, where);
}

/** Renders only the resources asked for, of a template CloudFormation generated. */
export async function renderResources(
  template: Template,
  logicalIds: string[],
  pseudo: PseudoParameters,
): Promise<Record<string, RenderedResource>> {
  const resolve = await resolverFor(template, pseudo);
  return Object.fromEntries(
    logicalIds.map((logicalId) => {
      const resource = template.Resources[logicalId];
      if (!isObject(resource ?? null)) throw new Error(`the template has no resource ${logicalId}`);
      const { Type, Properties } = resource as JsonObject;
      const properties = resolve(Properties ?? {}, `Resources.${logicalId}.Properties`);
      return [
        logicalId,
        {
          logicalId,
          type: typeof Type === 'string' ? Type : JSON.stringify(Type),
          properties: properties as JsonObject,
        },
      ];
    }),
  );
}
