import type { DeploymentDetail, InstanceProgress, LifecycleFailure } from '../../commands/deploy/ports';
import type { ProgressView } from '../../commands/deploy/progress-view';

/** The moment every progress fixture is read at; the deployment started 3m 10s earlier. */
export const NOW = new Date('2026-03-02T09:03:10.000Z');
export const STARTED = new Date('2026-03-02T09:00:00.000Z');

const NO_INSTANCES = { pending: 0, inProgress: 0, succeeded: 0, failed: 0, skipped: 0, ready: 0 };

/** `/deploy web prod v42` as CodeDeploy reports it: blue/green, in progress, nothing installed yet. */
export function deploymentDetail(overrides: Partial<DeploymentDetail> = {}): DeploymentDetail {
  return {
    id: 'd-7QX2K9ABC',
    status: 'InProgress',
    revision: { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' },
    createdAt: STARTED,
    creator: 'user',
    description: '/deploy web prod v42 requested by alice (U0ALICE) via blueshift',
    instances: NO_INSTANCES,
    application: 'edu-web',
    group: 'edu-web-prod',
    blueGreen: true,
    copiesFleet: true,
    previousRevision: { bucket: 'edu-artifacts', key: 'web/v41.zip', bundleType: 'zip' },
    terminationWaitStarted: false,
    statusMessages: [],
    ...overrides,
  };
}

/** Green 4 instances (`installed` of them done), blue 4 instances (`blocked` of them out of the load balancer). */
export function instances(installed: number, blocked = 0, failed = 0): InstanceProgress {
  return {
    green: { total: 4, succeeded: installed, failed, inProgress: 4 - installed - failed },
    blue: { total: 4, trafficBlocked: blocked },
  };
}

export function progressView(overrides: Partial<ProgressView> = {}): ProgressView {
  return {
    kind: 'deploy',
    app: 'web',
    env: 'prod',
    revision: 'v42',
    deploymentId: 'd-7QX2K9ABC',
    requestedBy: 'U0ALICE',
    approvedBy: 'U0BOB',
    startedAt: STARTED,
    now: NOW,
    finishedAt: undefined,
    stage: 'installing',
    status: 'InProgress',
    outcome: 'running',
    instances: instances(3),
    error: undefined,
    rerouteRequestedBy: undefined,
    terminateRequestedBy: undefined,
    stopRequestedBy: undefined,
    readyWaitMinutes: undefined,
    rollbackOf: undefined,
    rolledBackBy: undefined,
    consoleUrl:
      'https://ap-northeast-2.console.aws.amazon.com/codesuite/codedeploy/deployments/d-7QX2K9ABC?region=ap-northeast-2',
    watchedAlarms: [],
    stoppedByAlarms: undefined,
    ...overrides,
  };
}

export function lifecycleFailure(overrides: Partial<LifecycleFailure> = {}): LifecycleFailure {
  return {
    instanceId: 'i-0a1b2c3d4e5f60001',
    label: 'Green',
    hook: 'AfterInstall',
    errorCode: 'ScriptFailed',
    script: 'scripts/migrate.sh',
    message: 'Script at specified location: scripts/migrate.sh run as user root failed with exit code 1',
    logTail: '[stdout]Running migrations\n[stderr]ERROR: relation "users" already exists\n',
    ...overrides,
  };
}
