import { Alarms, watchedGroups } from './alarms';
import { appAnswer, revisionLabel, servingRevision, WAF_FORBIDDEN, type AppAnswer } from './app-traffic';
import { installCloudWatchStub } from './cloudwatch';
import { CodeDeployWorld } from './codedeploy';
import { DeploymentLifecycle } from './codedeploy-lifecycle';
import { isActive } from './codedeploy-model';
import { followIncident, runCreditExhaustion, type CreditRun } from './credit-scenario';
import { ciDeploys, scaleOutKeepsFailing } from './outside-scenarios';
import { Fleet } from './fleet';
import { installFleetStubs } from './fleet-clients';
import { answerInstanceRefreshes } from './instance-refresh';
import { answerAutomation } from './automation';
import { answerParameters } from './parameters';
import { installS3Stub, type SimObject } from './s3';
import {
  BEHIND_WEB_ACL,
  PROD_ASG,
  PROD_DEPLOYMENT_GROUP,
  REVISIONS,
  STAGING_DEPLOYMENT_GROUP,
  WEB_ACL,
  seedAlarms,
  seedDeployments,
  seedFleet,
} from './seed';
import { installStsStub, type TrustPolicy } from './sts';
import { REVISION_COMMITS, SANDBOX_GITHUB_TOKEN, WEB_TOKEN_PARAMETER } from '../github/history';
import { EventBus, Timeline } from './timeline';
import { SimulatedWaf } from './waf';
import type { SeenRequest } from './waf-samples';

export interface SimulatedAccountOptions {
  account: string;
  region: string;
  /** ms per simulated step; tests pass small values */
  stepMs?: number;
  now?: () => Date;
  /**
   * Roles the bot may assume and their ExternalIds; `blueshift-operator` with blueshift-prod and blueshift-staging
   * unless said.
   */
  trust?: TrustPolicy;
}

export interface SimulatedAccount {
  /**
   * EventBridge events exactly as the target account would forward them (CodeDeploy state changes, CloudWatch "Alarm
   * State Change").
   */
  onEvent(listener: (event: unknown) => void | Promise<void>): void;
  scenarios: {
    /**
     * web prod's t3.micro instances (in the group serving now) burn their CPU credits: balance falls to 0, CPU pins
     * at the 10% baseline, the ASG replaces an instance (scaling activity), and the alarms watching that group are
     * evaluated: the CPU alarm goes to ALARM (event emitted). After a blue/green deployment replaced the group, an
     * alarm still on the old one cannot fire; the result's note says so.
     */
    creditExhaustion(): Promise<CreditRun>;
    /** The next deployment fails in AfterInstall on one green instance (with a realistic log tail). */
    failNextDeployment(): void;
    /**
     * CodeDeploy stops web prod's running deployment because alarms of its group fired (its first alarm unless
     * named): ALARM_ACTIVE, STOP, then the automatic rollback the group has for it. The stopped deployment's id, or
     * undefined when none was running.
     */
    stopDeploymentByAlarm(alarms?: string[]): string | undefined;
    /**
     * The security team adds AWS-AWSManagedRulesAdminProtectionRuleSet to the web ACL (replacing one already there):
     * `/admin` is blocked with 403 on web prod's load balancer, and sampled.
     */
    enableAdminProtection(): void;
    /** The next deployment's revision answers 500 on `/` once it takes traffic (it installs fine). */
    breakNextRevision(): void;
    /**
     * A CI job deploys web v43 to prod with CreateDeployment, not through blueshift; its description names the run.
     * The deployment's id; throws CodeDeploy's error when prod has a deployment running.
     */
    ciDeploys(): string;
    /** Auto Scaling's new instances in web staging's group fail their install, three times, a few steps apart. */
    scaleOutKeepsFailing(): Promise<void>;
  };
  /** "Try a request" panel: evaluates the current web ACL for this path and source IP. */
  tryRequest(path: string, sourceIp: string): { status: 200 | 403; blockedBy?: string; matchedExemption?: string };
  /**
   * A request to the app behind a deployment group's load balancer: through the web ACL when it is associated with
   * it (a blocked request is sampled), then to the revision serving that group's traffic (app-traffic.ts).
   */
  serveApp(deploymentGroup: string, request: SeenRequest): AppAnswer;
  /** For the console's side panel. */
  snapshot(): {
    deployments: { id: string; status: string; group: string }[];
    /** `watches`: the Auto Scaling groups its dimensions name, each marked `(gone)` once deleted. */
    alarms: { name: string; state: string; actionsEnabled: boolean; watches: string[] }[];
    fleet: { id: string; group: string; type: string; health: string; credits: number }[];
    webAclRules: string[];
    /** Per deployment group: the revision its traffic reaches now, from which fleet, and whether it is broken. */
    traffic: { group: string; revision: string; deploymentId: string; fleet: 'blue' | 'green'; broken: boolean }[];
  };
  stop(): void; // timers off, SDK mocks restored
}

/**
 * Steps the blue fleet is kept after traffic moved, unless someone terminates it sooner: 3 minutes at the default
 * step, so sandbox/config.yml's 2-minute watch after Reroute can pass (and Terminate blue be offered) before
 * CodeDeploy ends blue.
 */
export const TERMINATION_WAIT_STEPS = 60;
/** ms per step unless said (`BLUESHIFT_SANDBOX_STEP_MS`): a deployment is Ready in about 12 s. */
export const DEFAULT_STEP_MS = 3000;
const SNAPSHOT_DEPLOYMENTS = 8;
/** sandbox/config.yml's `apps.web.artifacts.bucket`. */
const ARTIFACTS_BUCKET = 'edu-artifacts';

/** web's bundles, v40 to v43 a day apart, each with its commit where CI writes it (`commitMetadataKey: git-sha`). */
function artifacts(now: Date): Map<string, SimObject> {
  const keys = [...REVISIONS, 'web/v43.zip'];
  return new Map(
    keys.map((key, i) => {
      const sha = REVISION_COMMITS.get(key);
      const object: SimObject = {
        metadata: sha ? { 'git-sha': sha } : {},
        size: 18_400_000 + i * 41_213,
        lastModified: new Date(now.getTime() - (keys.length - i) * 24 * 3_600_000),
      };
      return [key, object];
    }),
  );
}

/**
 * The target account of the sandbox, simulated at the SDK clients (aws-sdk-client-mock stubs on the client
 * classes, so every client the bot builds is answered): STS, CodeDeploy, CloudWatch, Auto Scaling, EC2, SSM, S3 and
 * WAFv2. Its state evolves by itself on a timeline of `stepMs` steps and leaves through EventBridge events.
 */
export function simulateAccount(options: SimulatedAccountOptions): SimulatedAccount {
  const now = options.now ?? (() => new Date());
  const origin = { account: options.account, region: options.region };
  const stepMs = options.stepMs ?? DEFAULT_STEP_MS;
  const timeline = new Timeline(stepMs);
  const bus = new EventBus();
  const fleet = new Fleet(origin, now);
  seedFleet(fleet);
  const alarms = new Alarms(fleet, origin);
  seedAlarms(alarms, now());
  const world = new CodeDeployWorld({
    ...origin,
    revisions: REVISIONS,
    now,
    terminationWaitMinutes: Math.max(1, Math.ceil((TERMINATION_WAIT_STEPS * stepMs) / 60_000)),
  });
  seedDeployments(world, now());
  const lifecycle = new DeploymentLifecycle(
    world,
    timeline,
    fleet,
    (event) => void bus.emit(event),
    TERMINATION_WAIT_STEPS,
    (name) => alarms.alarms.get(name)?.StateValue,
  );
  const waf = new SimulatedWaf({ ...WEB_ACL, ...origin }, now);
  const trust = options.trust ?? {
    roles: { [`arn:aws:iam::${options.account}:role/blueshift-operator`]: ['blueshift-prod', 'blueshift-staging'] },
  };
  // Run Command answers after a step, as a real one answers after a few seconds.
  const fleetStubs = installFleetStubs(fleet, stepMs);
  answerParameters(fleetStubs.ssm, new Map([[WEB_TOKEN_PARAMETER, SANDBOX_GITHUB_TOKEN]]), origin);
  answerAutomation(fleetStubs.ssm, fleet, stepMs);
  answerInstanceRefreshes(fleetStubs.autoscaling, fleet, timeline);
  const stubs = [
    world.mock,
    installStsStub(trust, now),
    installCloudWatchStub(fleet, alarms, { timeline, emit: (event) => void bus.emit(event) }),
    fleetStubs.autoscaling,
    fleetStubs.ec2,
    fleetStubs.ssm,
    waf.install(),
    installS3Stub(ARTIFACTS_BUCKET, artifacts(now())),
  ];
  let creditRun: Promise<CreditRun> | undefined;
  let following: Promise<void> | undefined;
  const liveGroup = () => world.group(PROD_DEPLOYMENT_GROUP).autoScalingGroup ?? PROD_ASG;

  return {
    onEvent: (listener) => bus.on(listener),
    scenarios: {
      creditExhaustion() {
        creditRun ??= runCreditExhaustion({
          fleet,
          alarms,
          timeline,
          emit: (event) => bus.emit(event),
          group: liveGroup(),
          originalGroup: PROD_ASG,
        }).finally(() => {
          creditRun = undefined;
        });
        following ??= followIncident(fleet, timeline, () => creditRun !== undefined).finally(() => {
          following = undefined;
        });
        return creditRun;
      },
      failNextDeployment: () => lifecycle.failNextDeployment(),
      stopDeploymentByAlarm: (alarms) => {
        const running = world.inGroup(PROD_DEPLOYMENT_GROUP).find(isActive)?.info.deploymentId;
        const names = alarms ?? world.group(PROD_DEPLOYMENT_GROUP).stopOnAlarms?.slice(0, 1) ?? [];
        return running && lifecycle.stopByAlarm(running, names) ? running : undefined;
      },
      enableAdminProtection: () => waf.enableAdminProtection(),
      breakNextRevision: () => lifecycle.breakNextRevision(),
      ciDeploys: () => ciDeploys(world, PROD_DEPLOYMENT_GROUP, 'web/v43.zip'),
      scaleOutKeepsFailing: () =>
        scaleOutKeepsFailing(
          { world, fleet, timeline, emit: (event) => void bus.emit(event) },
          STAGING_DEPLOYMENT_GROUP,
        ),
    },
    tryRequest: (path, sourceIp) => waf.tryRequest(path, sourceIp),
    serveApp(deploymentGroup, request) {
      if (BEHIND_WEB_ACL.includes(deploymentGroup) && waf.inspect(request).status === 403) return WAF_FORBIDDEN;
      return appAnswer(request.uri, servingRevision(world, deploymentGroup));
    },
    snapshot: () => ({
      deployments: [...world.deployments.values()]
        .reverse()
        .slice(0, SNAPSHOT_DEPLOYMENTS)
        .map(({ info }) => ({
          id: info.deploymentId ?? '',
          status: info.status ?? '',
          group: info.deploymentGroupName ?? '',
        })),
      alarms: [...alarms.alarms.values()].map((a) => ({
        name: a.AlarmName ?? '',
        state: a.StateValue ?? '',
        actionsEnabled: a.ActionsEnabled ?? false,
        watches: watchedGroups(a).map((group) => (fleet.groups.has(group) ? group : `${group} (gone)`)),
      })),
      fleet: fleet
        .running()
        .sort((a, b) => (a.group ?? '~').localeCompare(b.group ?? '~'))
        .map((i) => ({
          id: i.id,
          group: i.group ?? '',
          type: i.type,
          health: i.health,
          credits: Math.round((fleet.latest(i)?.balance ?? 0) * 10) / 10,
        })),
      webAclRules: waf.ruleSummaries(),
      traffic: world.groups.flatMap(({ name }) => {
        const serving = servingRevision(world, name);
        if (!serving) return [];
        const { deploymentId, green, broken } = serving;
        return [
          { group: name, revision: revisionLabel(serving.key), deploymentId, fleet: green ? 'green' : 'blue', broken },
        ];
      }),
    }),
    stop() {
      timeline.stop();
      for (const stub of stubs) stub.restore();
    },
  };
}
