import type { DeploymentLink } from '../../../commands/deploy/ports';
import { CLAIM_MS, deploymentLinks } from '../../../lib/state/deployments';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();

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
  it('points at the newest deployment of an app in an environment, which an older one adopted late does not move', async () => {
    // Prepare
    const links = deploymentLinks(dynamo().table);
    const changes = {
      kind: 'link',
      repository: 'acme/web',
      base: 'a'.repeat(40),
      head: 'b'.repeat(40),
      compareUrl: 'https://github.com/x',
    } as const;
    await links.create({
      ...link('d-NEW00001'),
      startedAt: new Date(startedAt.getTime() + 60_000),
      previousRevision: 'v42',
      changes,
    });
    // Act: an older deployment's link is created after it (its events came late)
    await links.create(link('d-OLD00001'));
    await links.advance('d-NEW00001', 0, { outcome: 'succeeded', endedAt: new Date(startedAt.getTime() + 600_000) });
    // Assess: the newest, as it now stands, with what it replaced, what it changed and when it ended
    const latest = await links.latest('web', 'staging');
    expect(latest).toMatchObject({
      deploymentId: 'd-NEW00001',
      outcome: 'succeeded',
      previousRevision: 'v42',
      changes,
    });
    expect(latest?.endedAt?.toISOString()).toBe('2026-11-27T09:10:00.000Z');
    expect(await links.latest('web', 'prod')).toBeUndefined();
  });

  it('keeps a deployment on the running list when an edit that would settle it loses the race', async () => {
    // Prepare: two events read version 0; the one that saw it still running saves first
    const links = deploymentLinks(dynamo().table);
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
    const links = deploymentLinks(dynamo().table);
    await links.create(link('d-DONE0001'));
    // Act
    await links.advance('d-DONE0001', 0, { outcome: 'failed' });
    const afterSettled = await links.running();
    await links.advance('d-DONE0001', 1, { outcome: 'running' });
    // Assess
    expect(afterSettled).toEqual([]);
    expect(await links.running()).toEqual(['d-DONE0001']);
  });

  it('lets one of several concurrent first events post the message, and another once the claim ran out', async () => {
    // Prepare: three events of a deployment started outside Slack create its link at once
    let now = startedAt.getTime();
    const links = deploymentLinks(dynamo().table, () => new Date(now));
    const unposted = { ...link('d-CLAIM001'), ts: '' };
    const created = await Promise.all([links.create(unposted), links.create(unposted), links.create(unposted)]);
    // Act: another event while the winner posts, and one after the winner died without posting
    const whilePosting = await links.takeOver('d-CLAIM001');
    now += CLAIM_MS + 1;
    const afterItRanOut = await Promise.all([links.takeOver('d-CLAIM001'), links.takeOver('d-CLAIM001')]);
    // Assess
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(whilePosting).toBe(false);
    expect(afterItRanOut.filter(Boolean)).toHaveLength(1);
  });

  it('lets a claim given back be taken at once, and never a link whose message is posted', async () => {
    // Prepare
    const links = deploymentLinks(dynamo().table, () => startedAt);
    await links.create({ ...link('d-CLAIM002'), ts: '' });
    await links.create(link('d-POSTED01'));
    // Act
    await links.releaseClaim('d-CLAIM002');
    const taken = await links.takeOver('d-CLAIM002');
    await links.releaseClaim('d-POSTED01');
    const posted = await links.takeOver('d-POSTED01');
    // Assess
    expect(taken).toBe(true);
    expect(posted).toBe(false);
  });

  it('keeps what CodeDeploy said of who started a deployment it adopted', async () => {
    // Prepare
    const links = deploymentLinks(dynamo().table);
    const origin = { creator: 'user', description: 'Deploy build 42 <!channel>', commitUrl: undefined };
    // Act
    await links.create({ ...link('d-ADOPT001'), requestedBy: 'blueshift-system', origin });
    await links.create(link('d-OWN00001'));
    // Assess
    expect((await links.get('d-ADOPT001'))?.origin).toEqual(origin);
    expect((await links.get('d-OWN00001'))?.origin).toBeUndefined();
  });
});
