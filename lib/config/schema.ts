import * as z from 'zod';
import { roleArn, roleOfArn } from '../../commands/ci/roles';
import { copiedGroupOrigin } from '../../commands/fleet/green-group';
import { checkSets } from './checks';
import { runbookSets } from './runbooks';
import { duration, durationAtMost, name } from './fields';
import { githubSettings } from './github';
import { calendarShape, mergeCalendars, readCalendar } from './deploy-windows';

// Slack IDs: users (U…/W…), user groups (S…), channels (C…/G…/D…).
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel ID such as C0PRODOPS01');
const principalId = z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user (U…) or user-group (S…) ID');
// The one workspace and app blueshift answers (docs/decisions/0016): team and app IDs as Slack shows them.
const slack = z.strictObject({
  teamId: z.string().regex(/^T[A-Z0-9]{2,}$/, 'must be the Slack workspace (team) ID, such as T0BLUESHIFT'),
  appId: z.string().regex(/^A[A-Z0-9]{2,}$/, 'must be the Slack app ID, such as A0BLUESHIFT'),
});

const webAcl = z.strictObject({
  name: z.string().regex(/^[\w-]{1,128}$/),
  id: z.string().regex(/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/, 'must be the web ACL UUID'),
  scope: z.enum(['REGIONAL', 'CLOUDFRONT']),
});

const environment = z.strictObject({
  account: z
    .string({ error: 'must be a 12-digit AWS account ID (quote it in YAML)' })
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account ID (quote it in YAML)'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as ap-northeast-2'),
  role: z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN'),
  externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of [A-Za-z0-9_+=,.@:/-]'),
  channel: channelId,
  protected: z.boolean().default(false),
  access: z.strictObject({
    operators: z.array(principalId).default([]),
    approvers: z.array(principalId).default([]),
  }),
  // Alarms left watching an Auto Scaling group a blue/green deployment replaced: `ask` posts them with a Move
  // button (approved like a deploy on protected environments); `move` moves them after every successful deployment.
  silentAlarms: z.enum(['ask', 'move']).default('ask'),
  // Deployments of the environment's groups that blueshift did not start (CI, the console, CodeDeploy itself, Auto
  // Scaling's scale-outs): `all` shows them like its own (docs/decisions/0021); `own` shows only its own.
  announce: z.enum(['all', 'own']).default('all'),
  // An alarm within this long of a deployment of the environment finishing (or while one runs) names it and offers
  // to roll it back (handlers/alarms/deploy-context.ts).
  alarmDeployWindow: durationAtMost(24 * 3_600_000, '24h').default(30 * 60_000),
  waf: z
    .strictObject({
      webAcl,
      maxExemption: duration.default(8 * 3_600_000),
    })
    .optional(),
  // After a /rollback, blueshift locks the app in the environment ("rolled back v42: unlock when fixed").
  lockAfterRollback: z.boolean().default(true),
  // Deploy windows and freezes of this environment, added to the top level's (lib/config/deploy-windows.ts).
  ...calendarShape,
});

// CI deployments (docs/decisions/0022): the IAM roles a CI job signs the route with, each with the environments it may
// deploy to. A role is matched by account and name: the assumed-role ARN API Gateway names the caller by has no path.
const iamRoleArn = z
  .string()
  .regex(
    /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
    'must be an IAM role ARN such as arn:aws:iam::123456789012:role/deploy',
  );
const ciPrincipal = z.strictObject({
  role: iamRoleArn,
  environments: z.array(name).min(1, 'must name at least one environment'),
});
const ci = z.strictObject({
  principals: z.array(ciPrincipal).default([]),
  // Retired for the top-level `ciLinks`, one rule for every link a CI writes; named so an old file says what to do.
  runHosts: z
    .never({
      error:
        'was replaced by the top-level ciLinks: list the URL prefixes instead, such as https://github.example.com/acme/',
    })
    .optional(),
});

const app = z.strictObject({
  codedeploy: z.strictObject({
    application: z.string().min(1).max(100),
    groups: z.record(name, z.string().min(1).max(100)),
  }),
  artifacts: z.strictObject({
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
    key: z.string().includes('{revision}', { error: 'must contain {revision}' }),
    bundleType: z.enum(['zip', 'tar', 'tgz']).default('zip'),
    // The S3 user metadata CI writes the source commit into (`git-sha` is the header x-amz-meta-git-sha); without
    // it, or when a bundle lacks it, the commit is looked for in the CodeDeploy revision's description.
    commitMetadataKey: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/, 'must be a metadata key such as git-sha: letters, digits and -')
      .refine((key) => !/^x-amz-meta-/i.test(key), 'must be the key without the x-amz-meta- prefix, such as git-sha')
      // S3 returns user metadata keys in lower case.
      .transform((key) => key.toLowerCase())
      .optional(),
  }),
  // The app's GitHub repository, for "what changed" in approval requests and progress messages (lib/config/github.ts).
  github: githubSettings.optional(),
  // Only for groups CodeDeploy does not manage: a blue/green deployment group's fleet is read from CodeDeploy.
  autoScalingGroups: z
    .record(
      name,
      z
        .string()
        .min(1)
        .refine(
          (group) => copiedGroupOrigin(group) === undefined,
          'is a group CodeDeploy made for one blue/green deployment and deletes at the next; leave it out: blueshift reads the live group from the deployment group',
        ),
    )
    .default({}),
  alarmPrefix: z.string().min(1).optional(),
  // HTTP checks per environment (lib/config/checks.ts): requests to configured URLs only, watched after Reroute.
  checks: checkSets,
  // Runbooks per environment (lib/config/runbooks.ts): buttons on matching alarms, parameters from the alarm only.
  runbooks: runbookSets,
});

// A prefix of URLs a deployment's description or a CI request may link to (a CI run, a commit): up to and with a `/`
// after the host or path, so `https://github.com/acme/` never matches `https://github.com/acme-evil/`.
const ciLink = z
  .string()
  .regex(
    /^https:\/\/[a-z0-9.-]+(:\d+)?\/([\w.~%-]+\/)*$/i,
    'must be an https:// URL prefix ending in /, such as https://github.com/acme/',
  );

/** The credit watch looks on whole minutes of the clock that divide an hour. */
const WATCH_MINUTES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

const checkedConfig = z
  .strictObject({
    slack,
    auditChannel: channelId,
    ciLinks: z.array(ciLink).max(20).default([]),
    environments: z.record(name, environment),
    apps: z.record(name, app),
    ci: ci.optional(),
    // Deploy windows and freezes for every environment; `timeZone` is also each environment's default.
    ...calendarShape,
    /**
     * "What is using the CPU" asks at most this many running instances of a group (SSM Run Command takes 50 per
     * call; a thread reply stays readable with a handful).
     */
    processes: z
      .strictObject({ maxInstances: z.number().int().min(1).max(20).default(5) })
      .default({ maxInstances: 5 }),
    /**
     * How often the sweeper's CPU-credit watch looks at the burstable fleets, on the clock's whole minutes (so it
     * divides an hour). Each look costs a few read calls per group in every environment.
     */
    creditWatch: z
      .strictObject({
        everyMinutes: z
          .number()
          .int()
          .refine((minutes) => WATCH_MINUTES.includes(minutes), {
            error: `must divide an hour: one of ${WATCH_MINUTES.join(', ')}`,
          })
          .default(5),
      })
      .default({ everyMinutes: 5 }),
  })
  .superRefine((config, ctx) => {
    checkCiPrincipals(config.ci?.principals ?? [], Object.keys(config.environments), ctx);
    for (const [appName, appConfig] of Object.entries(config.apps)) {
      const envKeys = [
        ...Object.keys(appConfig.codedeploy.groups).map((env) => [['codedeploy', 'groups'], env] as const),
        ...Object.keys(appConfig.autoScalingGroups).map((env) => [['autoScalingGroups'], env] as const),
        ...Object.keys(appConfig.checks).map((env) => [['checks'], env] as const),
        ...Object.keys(appConfig.runbooks).map((env) => [['runbooks'], env] as const),
      ];
      for (const [where, env] of envKeys) {
        if (!Object.hasOwn(config.environments, env)) {
          ctx.addIssue({
            code: 'custom',
            path: ['apps', appName, ...where, env],
            message: `names environment "${env}", which is not under environments`,
          });
        }
      }
    }
  });

/** Every CI principal names environments that exist, and no role is listed twice (by account and name). */
function checkCiPrincipals(
  principals: z.infer<typeof ciPrincipal>[],
  environments: string[],
  ctx: z.RefinementCtx,
): void {
  const seen = new Map<string, number>();
  principals.forEach((principal, index) => {
    principal.environments.forEach((env, at) => {
      if (!environments.includes(env)) {
        ctx.addIssue({
          code: 'custom',
          path: ['ci', 'principals', index, 'environments', at],
          message: `names environment "${env}", which is not under environments`,
        });
      }
    });
    const role = roleOfArn(principal.role);
    const key = role ? roleArn(role) : principal.role;
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ci', 'principals', index, 'role'],
        message: `is the role of ci.principals.${first} again (roles are told apart by partition, account and name): merge the two`,
      });
    } else seen.set(key, index);
  });
}

/**
 * Each environment's deploy windows and freezes, its own with the top level's, read in their time zones: the
 * calendar commands/deploy/freeze.ts decides with.
 */
export const configSchema = checkedConfig.transform((config, ctx) => {
  const { timeZone, deployWindows, freezes, ...rest } = config;
  const topZone = timeZone ?? 'UTC';
  const top = readCalendar({ deployWindows, freezes }, topZone, [], ctx);
  const environments = Object.fromEntries(
    Object.entries(config.environments).map(([envName, env]) => {
      const { timeZone: own, deployWindows: windows, freezes: dated, ...envRest } = env;
      const zone = own ?? topZone;
      const calendar = readCalendar({ deployWindows: windows, freezes: dated }, zone, ['environments', envName], ctx);
      return [envName, { ...envRest, calendar: mergeCalendars(zone, top, calendar) }];
    }),
  );
  return { ...rest, environments };
});

export type BlueshiftConfig = z.infer<typeof configSchema>;
export type EnvironmentConfig = BlueshiftConfig['environments'][string];
export type AppConfig = BlueshiftConfig['apps'][string];
export type WafConfig = NonNullable<EnvironmentConfig['waf']>;
export type CiConfig = NonNullable<BlueshiftConfig['ci']>;
export type CiPrincipalConfig = CiConfig['principals'][number];
