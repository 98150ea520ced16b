import type { DeploymentLink } from '../../../commands/deploy/ports';
import { deploymentLinks } from '../../../lib/state/deployments';
import { startDynalite, type DynaliteServer } from '../../fakes/dynalite';

let dynamo: DynaliteServer;

beforeAll(async () => {
  dynamo = await startDynalite();
});
beforeEach(async () => {
  await dynamo.reset();
});
afterAll(async () => {
  await dynamo.stop();
});

const startedAt = new Date('2026-11-27T09:00:00.000Z');

function link(deploymentId: string): DeploymentLink {
  return {
    deploymentId,
    kind: 'deploy',
    app: 'web',
    env: 'staging',
    revision: 'v43',
    requestedBy: 'U0CAROL',
    requesterName: 'carol',
    approvedBy: undefined,
    channel: 'C0STAGING01',
    ts: '1767261601.000100',
    startedAt,
    stage: 'queued',
    sawReady: false,
    outcome: 'running',
    version: 0,
    fingerprint: '',
    lastEditAt: startedAt,
    failureReported: false,
    rerouteRequestedBy: undefined,
    terminateRequestedBy: undefined,
    stopRequestedBy: undefined,
    rollbackOf: undefined,
    rolledBackBy: undefined,
  };
}

describe('deploymentLinks', () => {
  it('keeps a deployment on the running list when an edit that would settle it loses the race', async () => {
    // Prepare: two events read version 0; the one that saw it still running saves first
    const links = deploymentLinks(dynamo.table);
    await links.create(link('d-RACE0001'));
    await links.advance('d-RACE0001', 0, { stage: 'installing', outcome: 'running' });
    // Act
    const saved = await links.advance('d-RACE0001', 0, { stage: 'installing', outcome: 'succeeded' });
    // Assess: the record still says running, so the sweeper must still see it
    expect(saved).toBe(false);
    expect((await links.get('d-RACE0001'))?.outcome).toBe('running');
    expect(await links.running()).toEqual(['d-RACE0001']);
  });

  it('takes a deployment off the running list once a winning edit settles it, and back on if it is set running again', async () => {
    // Prepare
    const links = deploymentLinks(dynamo.table);
    await links.create(link('d-DONE0001'));
    // Act
    await links.advance('d-DONE0001', 0, { outcome: 'failed' });
    const afterSettled = await links.running();
    await links.advance('d-DONE0001', 1, { outcome: 'running' });
    // Assess
    expect(afterSettled).toEqual([]);
    expect(await links.running()).toEqual(['d-DONE0001']);
  });
});
