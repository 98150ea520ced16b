import type { CiRequest } from '../../../commands/ci/request';
import { ciRequestRecords } from '../../../lib/state/ci-requests';
import type { CiRequestStore } from '../../../commands/ci/request';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();
let store: CiRequestStore;

beforeEach(() => {
  store = ciRequestRecords(dynamo().table);
});

const AT = new Date('2026-11-02T10:00:00.000Z');

function request(overrides: Partial<CiRequest> = {}): CiRequest {
  return {
    id: 'ci-0123456789abcdef0123',
    principal: 'arn:aws:iam::999999999999:role/github-deploy-web',
    caller: 'arn:aws:sts::999999999999:assumed-role/github-deploy-web/GitHubActions',
    idempotencyKey: 'run-1001-1',
    fingerprint: 'abc',
    app: 'web',
    env: 'prod',
    revision: 'v42',
    commit: '3f7c0a1',
    actor: 'octocat',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    createdAt: AT,
    updatedAt: AT,
    status: 'queued',
    reason: undefined,
    approval: undefined,
    deploymentId: undefined,
    ...overrides,
  };
}

describe('ciRequestRecords', () => {
  it('creates a request once: a second create with the same id gets the first back, unchanged', async () => {
    // Act
    const first = await store.create(request());
    const second = await store.create(request({ revision: 'v43', fingerprint: 'other' }));
    // Assess
    expect(first).toEqual({ created: true });
    expect(second).toEqual({ created: false, existing: request() });
    expect(await store.get('ci-0123456789abcdef0123')).toEqual(request());
  });

  it('moves a request on, but never away from started', async () => {
    // Prepare
    await store.create(request());
    const later = new Date(AT.getTime() + 60_000);
    // Act
    const waiting = await store.update(request().id, { status: 'awaiting-approval', approval: 'req-1' }, later);
    const started = await store.update(request().id, { status: 'started', deploymentId: 'd-1' }, later);
    const failedAfter = await store.update(request().id, { status: 'failed', reason: 'late' }, later);
    const missing = await store.update('ci-ffffffffffffffffffff', { status: 'failed' }, later);
    // Assess
    expect([waiting, started, failedAfter, missing]).toEqual([true, true, false, false]);
    expect(await store.get(request().id)).toEqual(
      request({ status: 'started', approval: 'req-1', deploymentId: 'd-1', updatedAt: later }),
    );
    expect(await store.get('ci-ffffffffffffffffffff')).toBeUndefined();
  });
});
