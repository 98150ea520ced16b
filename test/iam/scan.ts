import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { REPO } from './world';

// The AWS calls blueshift can make, read from its code: every module the Lambda functions bundle (the handlers
// serverless.yml names, and what they import), and in them every AWS SDK command, paginator and Powertools
// parameter read. A call added anywhere the functions reach shows up here, so a permission it lacks fails the build.

/** The IAM service prefix of each AWS SDK package blueshift uses. A new package must be added here. */
export const SERVICE_PREFIXES: Record<string, string> = {
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-codedeploy': 'codedeploy',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-wafv2': 'wafv2',
};

/**
 * Operations IAM authorises under another action's name: S3's HeadObject is allowed by s3:GetObject (HeadObject in
 * the S3 API Reference).
 */
const AUTHORISED_AS: Record<string, string> = { 's3:HeadObject': 's3:GetObject' };

/** lib-dynamodb's document commands, by the DynamoDB operation (and IAM action) each one sends. */
const DOCUMENT_COMMANDS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/**
 * Calls made by libraries on blueshift's behalf: Powertools' SSMProvider sends GetParameter for `get`,
 * GetParametersByPath for `getMultiple` and GetParameters for `getParametersByName`.
 */
const INDIRECT: Record<string, { name: string; methods: Record<string, string> }> = {
  '@aws-lambda-powertools/parameters/ssm': {
    name: 'SSMProvider',
    methods: {
      get: 'ssm:GetParameter',
      getMultiple: 'ssm:GetParametersByPath',
      getParametersByName: 'ssm:GetParameters',
    },
  },
};

export interface ScannedCall {
  /** The IAM action the call is authorised as: `codedeploy:StopDeployment`. */
  action: string;
  /** What the code names: `StopDeploymentCommand from @aws-sdk/client-codedeploy`. */
  source: string;
  /** Files (relative to the repository) that make the call. */
  files: string[];
}

export interface Scan {
  /** The bundled modules, relative to the repository. */
  modules: string[];
  calls: ScannedCall[];
  /** Value (not type-only) imports between the bundled modules: module → modules it imports. */
  imports: Map<string, string[]>;
}

/** The handler files serverless.yml names: `functions/slack.handler` → functions/slack.ts. */
export function functionEntryPoints(): string[] {
  const config = parse(readFileSync(join(REPO, 'serverless.yml'), 'utf8'), { customTags: cfnTags }) as {
    functions: Record<string, { handler: string }>;
  };
  return Object.values(config.functions).map(({ handler }) => `${handler.replace(/\.[^./]+$/, '')}.ts`);
}

// serverless.yml uses CloudFormation's short-form tags; their values do not matter here.
const cfnTags = ['!GetAtt', '!Ref', '!Sub', '!Join', '!If', '!Equals', '!Not', '!Select', '!Split'].flatMap((tag) => [
  { tag, resolve: (): null => null },
  ...(['seq', 'map'] as const).map((collection) => ({ tag, collection, resolve: (): null => null })),
]);

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(join(REPO, from)), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return relative(REPO, candidate);
  }
  throw new Error(`${from}: cannot resolve import "${specifier}"`);
}

interface ModuleFacts {
  localImports: string[];
  /** Value imports of packages: package → imported names. */
  packageImports: Map<string, string[]>;
  /** Method names called on any expression: `provider.get(…)` → get. */
  calledMethods: Set<string>;
}

function readModule(file: string): ModuleFacts {
  const source = ts.createSourceFile(file, readFileSync(join(REPO, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const localImports: string[] = [];
  const packageImports = new Map<string, string[]>();
  const calledMethods = new Set<string>();
  const addPackage = (specifier: string, names: string[]) =>
    packageImports.set(specifier, [...(packageImports.get(specifier) ?? []), ...names]);
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const specifier = node.moduleSpecifier.text;
      let names: string[] | undefined;
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        if (clause?.phaseModifier !== ts.SyntaxKind.TypeKeyword) {
          const bindings = clause?.namedBindings;
          const named =
            bindings && ts.isNamedImports(bindings)
              ? bindings.elements
                  .filter((element) => !element.isTypeOnly)
                  .map((element) => (element.propertyName ?? element.name).text)
              : [];
          const whole = clause?.name || (bindings && ts.isNamespaceImport(bindings)) || !clause ? ['*'] : [];
          names = [...named, ...whole];
        }
      } else if (!node.isTypeOnly) {
        names =
          node.exportClause && ts.isNamedExports(node.exportClause)
            ? node.exportClause.elements
                .filter((element) => !element.isTypeOnly)
                .map((element) => (element.propertyName ?? element.name).text)
            : ['*'];
      }
      if (names && names.length > 0) {
        const local = resolveImport(file, specifier);
        if (local) localImports.push(local);
        else addPackage(specifier, names);
      }
    }
    if (ts.isCallExpression(node)) {
      if (ts.isPropertyAccessExpression(node.expression)) calledMethods.add(node.expression.name.text);
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        // import('./parse'): a module loaded later is loaded all the same, so it is followed like a static import;
        // one whose name is computed cannot be.
        const [argument] = node.arguments;
        if (!argument || !ts.isStringLiteral(argument))
          throw new Error(`${file}: dynamic import() of a computed name is not scanned`);
        const local = resolveImport(file, argument.text);
        if (local) localImports.push(local);
        else addPackage(argument.text, ['*']);
      }
      if (ts.isIdentifier(node.expression) && node.expression.text === 'require')
        throw new Error(`${file}: require() is not scanned`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { localImports, packageImports, calledMethods };
}

/** The IAM action an AWS SDK export sends, if it sends one: a `…Command` class, a `paginate…` or `waitUntil…`. */
function sdkAction(specifier: string, name: string): string | undefined {
  const prefix = SERVICE_PREFIXES[specifier];
  let operation: string | undefined;
  if (name.endsWith('Command') && name !== 'Command') operation = name.slice(0, -'Command'.length);
  else if (/^paginate[A-Z]/.test(name)) operation = name.slice('paginate'.length);
  else if (/^waitUntil[A-Z]/.test(name) || /^waitFor[A-Z]/.test(name)) {
    throw new Error(`${name} from ${specifier}: a waiter polls an operation the scan cannot name; add it to the scan`);
  }
  if (!operation) return undefined;
  if (!prefix)
    throw new Error(
      `${name} comes from ${specifier}, whose IAM service prefix is not in SERVICE_PREFIXES (test/iam/scan.ts)`,
    );
  if (specifier === '@aws-sdk/lib-dynamodb') {
    const mapped = DOCUMENT_COMMANDS[operation];
    if (!mapped)
      throw new Error(
        `${name} from ${specifier}: add the DynamoDB operation it sends to DOCUMENT_COMMANDS (test/iam/scan.ts)`,
      );
    operation = mapped;
  }
  const action = `${prefix}:${operation}`;
  return AUTHORISED_AS[action] ?? action;
}

/** Every AWS call the Lambda functions' code can make, and the import graph it was found through. */
export function scanCalls(entryPoints: string[] = functionEntryPoints()): Scan {
  const facts = new Map<string, ModuleFacts>();
  const queue = [...entryPoints];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (facts.has(file)) continue;
    const module = readModule(file);
    facts.set(file, module);
    queue.push(...module.localImports);
  }
  const calls = new Map<string, ScannedCall>();
  const record = (action: string, source: string, file: string) => {
    const call = calls.get(action) ?? { action, source, files: [] };
    if (!call.files.includes(file)) call.files.push(file);
    calls.set(action, call);
  };
  for (const [file, module] of facts) {
    for (const [specifier, names] of module.packageImports) {
      if (specifier.startsWith('@aws-sdk/')) {
        for (const name of names) {
          const action = sdkAction(specifier, name);
          if (action) record(action, `${name} from ${specifier}`, file);
        }
      }
      const indirect = INDIRECT[specifier];
      if (indirect && names.includes(indirect.name)) {
        for (const [method, action] of Object.entries(indirect.methods)) {
          if (module.calledMethods.has(method)) record(action, `${indirect.name}.${method} from ${specifier}`, file);
        }
      }
    }
  }
  return {
    modules: [...facts.keys()].sort(),
    calls: [...calls.values()].sort((a, b) => a.action.localeCompare(b.action)),
    imports: new Map([...facts].map(([file, module]) => [file, module.localImports])),
  };
}

/**
 * Which principal sends each call, from how the clients are built: a module that obtains role-session credentials
 * (`credentialsFor(…)`) builds the clients that act in target accounts as the operator role, so every module it
 * imports (directly or not) sends its calls as the operator; all others use the Lambda's own credentials, the bot
 * role. A module reachable both ways would be ambiguous, and throws.
 */
export function principalsByModule(scan: Scan): Map<string, 'operator' | 'bot'> {
  const sessionBuilders = scan.modules.filter((file) =>
    readFileSync(join(REPO, file), 'utf8').includes('.credentialsFor('),
  );
  if (sessionBuilders.length === 0)
    throw new Error('no module calls credentialsFor(…): the scan cannot tell operator calls from bot calls');
  const operator = new Set<string>();
  const queue = [...sessionBuilders];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (operator.has(file)) continue;
    operator.add(file);
    queue.push(...(scan.imports.get(file) ?? []));
  }
  return new Map(scan.modules.map((file) => [file, operator.has(file) ? 'operator' : 'bot']));
}
