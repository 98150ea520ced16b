import type { CiRequest } from '../../../commands/ci/request';
import { ciFingerprint, ciRequestId } from '../../../commands/ci/request';
import { ciStateOf, deploymentState, type DeploymentFacts } from '../../../commands/ci/state';
import type { PendingRequest } from '../../../commands/requests';

const NOW = new Date('2026-11-02T10:00:00.000Z');

function request(overrides: Partial<CiRequest> = {}): CiRequest {
  return {
    id: 'ci-0123456789abcdef0123',
    principal: 'arn:aws:iam::999999999999:role/github-deploy-web',
    caller: 'arn:aws:sts::999999999999:assumed-role/github-deploy-web/GitHubActions',
    idempotencyKey: 'run-1001-1',
    fingerprint: 'f',
    app: 'web',
    env: 'prod',
    revision: 'v42',
    commit: undefined,
    actor: undefined,
    runUrl: undefined,
    createdAt: NOW,
    updatedAt: NOW,
    status: 'queued',
    reason: undefined,
    approval: undefined,
    deploymentId: undefined,
    ...overrides,
  };
}

function approval(overrides: Partial<PendingRequest> = {}): PendingRequest {
  return {
    id: 'req-0123456789ab',
    gate: 'approval',
    status: 'pending',
    command: '/deploy web prod v42',
    job: '{}',
    env: 'prod',
    app: 'web',
    summary: 'deploy web v42 to prod',
    requestedBy: 'blueshift-ci-github-deploy-web',
    createdAt: NOW,
    deadline: new Date(NOW.getTime() + 30 * 60_000),
    confirmedBy: undefined,
    grants: [],
    decidedBy: undefined,
    decidedAt: undefined,
    message: undefined,
    ...overrides,
  };
}

const facts = (status: DeploymentFacts['status'], rolledBackBy?: string): DeploymentFacts => ({
  status,
  rolledBackBy,
  error: undefined,
});

describe('deploymentState: CodeDeploy status as a CI state', () => {
  it.each<[DeploymentFacts, string]>([
    [facts('Created'), 'running'],
    [facts('Queued'), 'running'],
    [facts('InProgress'), 'running'],
    [facts('Baking'), 'running'],
    [facts('Ready'), 'ready'],
    [facts('Succeeded'), 'succeeded'],
    [facts('Failed'), 'failed'],
    [facts('Stopped'), 'failed'],
    [facts('Failed', 'd-ROLLBACK1'), 'rolled-back'],
    [facts('Stopped', 'd-ROLLBACK1'), 'rolled-back'],
  ])('%j is %s', (given, expected) => {
    // Act, Assess
    expect(deploymentState(given)).toBe(expected);
  });
});

describe('ciStateOf', () => {
  it('follows the approval: waiting, rejected by whom, expired (also past the deadline before the sweeper), approved', () => {
    // Prepare
    const waiting = request({ status: 'awaiting-approval', approval: 'req-0123456789ab' });
    const later = new Date(NOW.getTime() + 31 * 60_000);
    // Act
    const states = [
      ciStateOf(waiting, approval(), undefined, NOW),
      ciStateOf(waiting, approval({ status: 'rejected', decidedBy: 'U0BOB' }), undefined, NOW),
      ciStateOf(waiting, approval({ status: 'expired' }), undefined, NOW),
      ciStateOf(waiting, approval(), undefined, later),
      ciStateOf(waiting, approval({ status: 'approved', decidedBy: 'U0BOB' }), undefined, NOW),
      ciStateOf(waiting, undefined, undefined, NOW),
    ].map((view) => [view.state, view.reason]);
    // Assess
    expect(states).toEqual([
      ['awaiting-approval', 'waiting for an approver in Slack'],
      ['rejected', 'rejected in Slack by U0BOB'],
      ['expired', 'no approver answered within 30 minutes'],
      ['expired', 'no approver answered within 30 minutes'],
      ['queued', 'approved in Slack by U0BOB; starting'],
      ['expired', 'the approval request is gone (older than 30 days)'],
    ]);
  });

  it('says why it was refused or failed, and once started follows CodeDeploy', () => {
    // Act
    const refused = ciStateOf(request({ status: 'refused', reason: 'locked' }), undefined, undefined, NOW);
    const started = request({ status: 'started', deploymentId: 'd-ABC' });
    const ready = ciStateOf(started, undefined, facts('Ready'), NOW);
    const rolledBack = ciStateOf(
      started,
      undefined,
      { status: 'Stopped', rolledBackBy: 'd-RB', error: 'ALARM_ACTIVE: alarm fired' },
      NOW,
    );
    // Assess
    expect(refused).toMatchObject({ state: 'refused', reason: 'locked' });
    expect(ready).toMatchObject({
      state: 'ready',
      deploymentId: 'd-ABC',
      reason: 'green is ready: waiting for Reroute traffic in Slack',
    });
    expect(rolledBack).toMatchObject({
      state: 'rolled-back',
      reason: 'CodeDeploy rolled it back (rollback d-RB): ALARM_ACTIVE: alarm fired',
    });
  });
});

describe('ciRequestId and ciFingerprint', () => {
  it('give one request per role and key, and tell another body apart', () => {
    // Act, Assess
    expect(ciRequestId('arn:aws:iam::1:role/a', 'k-00000001')).toMatch(/^ci-[0-9a-f]{20}$/);
    expect(ciRequestId('arn:aws:iam::1:role/a', 'k-00000001')).toBe(ciRequestId('arn:aws:iam::1:role/a', 'k-00000001'));
    expect(ciRequestId('arn:aws:iam::1:role/a', 'k-00000001')).not.toBe(
      ciRequestId('arn:aws:iam::1:role/b', 'k-00000001'),
    );
    const body = { app: 'web', env: 'prod', revision: 'v42', commit: 'ABCDEF1' };
    expect(ciFingerprint(body)).toBe(ciFingerprint({ ...body, commit: 'abcdef1' }));
    expect(ciFingerprint(body)).not.toBe(ciFingerprint({ ...body, revision: 'v43' }));
  });
});
