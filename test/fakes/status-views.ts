import type {
  AgentPing,
  DeployLock,
  DeploymentSummary,
  Exemption,
  FiringAlarm,
  Fleet,
  FleetInstance,
} from '../../commands/ports';
import type { AppEnvStatus, DeploymentView, FleetView, Section, StatusReport } from '../../commands/status-report';

/** The moment every status fixture is read at; times are given relative to it. */
export const NOW = new Date('2025-03-01T12:00:00.000Z');
export const minutesAgo = (minutes: number): Date => new Date(NOW.getTime() - minutes * 60_000);
export const minutesFromNow = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);

export const ok = <T>(value: T): Section<T> => ({ ok: true, value });
export const failed = <T = never>(error: string): Section<T> => ({ ok: false, error });

const NO_INSTANCES = { pending: 0, inProgress: 0, succeeded: 0, failed: 0, skipped: 0, ready: 0 };

/** A deployment as CodeDeploy reports it: blueshift's own, finished, 2 instances. */
export function deploymentSummary(overrides: Partial<DeploymentSummary> = {}): DeploymentSummary {
  return {
    id: 'd-LAST00001',
    status: 'Succeeded',
    revision: { bucket: 'edu-artifacts', key: 'web/v41.zip', bundleType: 'zip' },
    createdAt: minutesAgo(200),
    completedAt: minutesAgo(180),
    creator: 'user',
    description: '/deploy web prod v41 requested by bob (U0BOB) via blueshift',
    instances: { ...NO_INSTANCES, succeeded: 2 },
    ...overrides,
  };
}

export function deploymentView(overrides: Partial<DeploymentView> = {}): DeploymentView {
  return { ...deploymentSummary(), revisionLabel: 'v41', requestedBy: 'U0BOB', ...overrides };
}

/** A deployment rolling out now: 1 of 3 instances done. */
export function activeDeploymentView(overrides: Partial<DeploymentView> = {}): DeploymentView {
  return deploymentView({
    id: 'd-ACTIVE001',
    status: 'InProgress',
    completedAt: undefined,
    createdAt: minutesAgo(3),
    revisionLabel: 'v42',
    requestedBy: 'U0ALICE',
    instances: { ...NO_INSTANCES, succeeded: 1, inProgress: 2 },
    ...overrides,
  });
}

export function instance(id: string, overrides: Partial<FleetInstance> = {}): FleetInstance {
  return {
    id,
    type: 't3.micro',
    availabilityZone: 'ap-northeast-2a',
    lifecycleState: 'InService',
    healthy: true,
    ...overrides,
  };
}

/** The web prod Auto Scaling group: two healthy t3.micro instances. */
export function fleet(overrides: Partial<Fleet> = {}): Fleet {
  return {
    name: 'edu-web-prod-asg',
    desired: 2,
    min: 2,
    max: 4,
    instances: [instance('i-0aaa1111'), instance('i-0bbb2222')],
    ...overrides,
  };
}

export function fleetView(overrides: Partial<FleetView> = {}): FleetView {
  return {
    fleet: fleet(),
    credits: ok(
      new Map<string, number | undefined>([
        ['i-0aaa1111', 140.5],
        ['i-0bbb2222', 96],
      ]),
    ),
    agents: ok(
      new Map<string, AgentPing>([
        ['i-0aaa1111', 'Online'],
        ['i-0bbb2222', 'Online'],
      ]),
    ),
    ...overrides,
  };
}

export function alarm(name: string): FiringAlarm {
  return {
    name,
    reason: 'Threshold Crossed: 3 datapoints were greater than the threshold (80.0).',
    since: minutesAgo(10),
  };
}

export function deployLock(overrides: Partial<DeployLock> = {}): DeployLock {
  return { app: 'web', env: 'prod', owner: 'U0ALICE', reason: 'release freeze', since: minutesAgo(120), ...overrides };
}

export function exemption(overrides: Partial<Exemption> = {}): Exemption {
  return {
    id: 'wx-0001',
    env: 'prod',
    rule: 'AWSManagedRulesAdminProtectionRuleSet',
    path: '/admin',
    requestedBy: 'U0ALICE',
    reason: '403s on /admin after deploy',
    target: JSON.stringify({
      kind: 'group',
      aclRuleName: 'AWS-AWSManagedRulesAdminProtectionRuleSet',
      vendor: 'AWS',
      groupName: 'AWSManagedRulesAdminProtectionRuleSet',
    }),
    createdAt: minutesAgo(30),
    expiresAt: minutesFromNow(90),
    ...overrides,
  };
}

/** `web` in `prod`, all quiet: last good deployment, no lock, no alarms, healthy fleet. */
export function appEnvStatus(overrides: Partial<AppEnvStatus> = {}): AppEnvStatus {
  return {
    app: 'web',
    env: 'prod',
    protected: true,
    lock: ok(undefined),
    deployment: ok({ active: undefined, last: deploymentView() }),
    alarms: ok([]),
    fleet: ok(fleetView()),
    fleetName: 'edu-web-prod-asg',
    ...overrides,
  };
}

export function statusReport(overrides: Partial<StatusReport> = {}): StatusReport {
  return { scope: 'web prod', generatedAt: NOW, entries: [appEnvStatus()], exemptions: ok([]), ...overrides };
}
