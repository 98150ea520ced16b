import { STAGES, type DeploymentLink, type DeploymentLinks } from '../../commands/deploy/ports';
import { changesFrom, changesJson } from './changes-json';
import { date, oneOf, optionalText, text } from './record';
import { conditionHolds, DAY_MS, ttlSeconds, type Table, type TableItem } from './table';

const linkKey = (id: string) => ({ pk: `DEPLOYMENT#${id}`, sk: 'LINK' });
const startKey = (key: string) => ({ pk: `STARTED#${key}`, sk: 'STARTED' });
// Deployments still running, in one partition, so the sweeper can catch up on any whose events were lost.
const runningKey = (id: string) => ({ pk: 'RUNNING', sk: id });
// The newest deployment of an app in an environment, so an alarm names it without asking CodeDeploy.
const latestKey = (app: string, env: string) => ({ pk: `DEPLOYED#${app}#${env}`, sk: 'LATEST' });
// Progress messages stop changing when deployments end; a blue/green deployment lasts at most 109 hours.
const KEEP_MS = 30 * DAY_MS;
/**
 * How long whoever created a link has to post its message before another may: longer than deployEvents' 30-second
 * timeout (so a slow poster is never doubled), shorter than Lambda's first retry of an event about a minute later.
 */
export const CLAIM_MS = 45_000;

function toOrigin(item: TableItem): DeploymentLink['origin'] {
  if (item.adopted !== true) return undefined;
  return {
    creator: optionalText(item, 'originCreator'),
    description: optionalText(item, 'originDescription'),
    commitUrl: optionalText(item, 'originCommitUrl'),
  };
}

function toLink(item: TableItem): DeploymentLink {
  const lastEditAt = optionalText(item, 'lastEditAt');
  return {
    deploymentId: text(item, 'deploymentId'),
    kind: oneOf(item, 'kind', ['deploy', 'rollback'] as const),
    app: text(item, 'app'),
    env: text(item, 'env'),
    revision: text(item, 'revision'),
    requestedBy: text(item, 'requestedBy'),
    requesterName: text(item, 'requesterName'),
    approvedBy: optionalText(item, 'approvedBy'),
    channel: text(item, 'channel'),
    ts: text(item, 'ts'),
    startedAt: date(item, 'startedAt'),
    stage: oneOf(item, 'stage', STAGES),
    sawReady: item.sawReady === true,
    outcome: oneOf(item, 'outcome', ['running', 'succeeded', 'failed', 'stopped'] as const),
    version: typeof item.version === 'number' ? item.version : 0,
    fingerprint: optionalText(item, 'fingerprint') ?? '',
    lastEditAt: lastEditAt ? new Date(lastEditAt) : undefined,
    failureReported: item.failureReported === true,
    rerouteRequestedBy: optionalText(item, 'rerouteRequestedBy'),
    terminateRequestedBy: optionalText(item, 'terminateRequestedBy'),
    stopRequestedBy: optionalText(item, 'stopRequestedBy'),
    rollbackOf: optionalText(item, 'rollbackOf'),
    rolledBackBy: optionalText(item, 'rolledBackBy'),
    origin: toOrigin(item),
    changes: changesFrom(item, 'changes'),
    previousRevision: optionalText(item, 'previousRevision'),
    endedAt: optionalText(item, 'endedAt') === undefined ? undefined : date(item, 'endedAt'),
  };
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

export function deploymentLinks(table: Table, now: () => Date = () => new Date()): DeploymentLinks {
  return {
    async create(link) {
      const { startedAt, lastEditAt, origin, changes, endedAt, ...rest } = link;
      await table.put({
        ...runningKey(link.deploymentId),
        deploymentId: link.deploymentId,
        expiresAt: ttlSeconds(now(), KEEP_MS),
      });
      const created = await conditionHolds(
        table.put(
          {
            ...linkKey(link.deploymentId),
            ...rest,
            startedAt: startedAt.toISOString(),
            lastEditAt: lastEditAt?.toISOString(),
            endedAt: endedAt?.toISOString(),
            changes: changes && changesJson(changes),
            ...(origin
              ? {
                  adopted: true,
                  originCreator: origin.creator,
                  originDescription: origin.description,
                  originCommitUrl: origin.commitUrl,
                }
              : {}),
            claimedUntil: now().getTime() + CLAIM_MS,
            expiresAt: ttlSeconds(now(), KEEP_MS),
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
      );
      // Only a newer deployment moves the pointer: an older one adopted late (events arrive in any order) does not.
      await conditionHolds(
        table.put(
          {
            ...latestKey(link.app, link.env),
            deploymentId: link.deploymentId,
            startedAt: startedAt.toISOString(),
            expiresAt: ttlSeconds(now(), KEEP_MS),
          },
          {
            expression: 'attribute_not_exists(pk) OR #startedAt <= :startedAt',
            names: { '#startedAt': 'startedAt' },
            values: { ':startedAt': startedAt.toISOString() },
          },
        ),
      );
      return created;
    },
    async latest(app, env) {
      const pointer = await table.get(latestKey(app, env));
      if (!pointer) return undefined;
      const item = await table.get(linkKey(text(pointer, 'deploymentId')));
      return item && toLink(item);
    },
    takeOver: (deploymentId) =>
      conditionHolds(
        table.update(
          linkKey(deploymentId),
          { set: { claimedUntil: now().getTime() + CLAIM_MS } },
          {
            // Links written before claims existed have none: whoever finds one without a message may post it.
            expression:
              'attribute_exists(pk) AND #ts = :none AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
            names: { '#ts': 'ts' },
            values: { ':none': '', ':now': now().getTime() },
          },
        ),
      ),
    async releaseClaim(deploymentId) {
      await conditionHolds(
        table.update(
          linkKey(deploymentId),
          { set: { claimedUntil: 0 } },
          { expression: 'attribute_exists(pk) AND #ts = :none', names: { '#ts': 'ts' }, values: { ':none': '' } },
        ),
      );
    },
    async get(deploymentId) {
      const item = await table.get(linkKey(deploymentId));
      return item && toLink(item);
    },
    async advance(deploymentId, version, changes) {
      const set = Object.fromEntries(Object.entries({ ...changes, version: version + 1 }).map(([k, v]) => [k, iso(v)]));
      const saved = await conditionHolds(
        table.update(
          linkKey(deploymentId),
          { set },
          {
            expression: 'attribute_exists(pk) AND #version = :version',
            names: { '#version': 'version' },
            values: { ':version': version },
          },
        ),
      );
      // Only a saved edit says whether the deployment still runs: a losing one must not take it off the sweeper's
      // list while the record says running, and an edit put back to running must be watched again.
      if (saved && changes.outcome === 'running')
        await table.put({ ...runningKey(deploymentId), deploymentId, expiresAt: ttlSeconds(now(), KEEP_MS) });
      else if (saved && changes.outcome) await table.delete(runningKey(deploymentId));
      return saved;
    },
    async markPressed(deploymentId, button, by, jobId) {
      // The same job pressing again is its own retry (its first write's answer was lost), not a second press.
      const job = `${button}Job`;
      return conditionHolds(
        table.update(
          linkKey(deploymentId),
          { set: { [button]: by, ...(jobId ? { [job]: jobId } : {}) } },
          {
            expression: `attribute_exists(pk) AND (attribute_not_exists(#button)${jobId ? ' OR #job = :job' : ''})`,
            names: { '#button': button, ...(jobId ? { '#job': job } : {}) },
            ...(jobId ? { values: { ':job': jobId } } : {}),
          },
        ),
      );
    },
    async claimFailureReport(deploymentId) {
      return conditionHolds(
        table.update(
          linkKey(deploymentId),
          { set: { failureReported: true } },
          {
            expression: 'attribute_exists(pk) AND (attribute_not_exists(failureReported) OR failureReported = :no)',
            values: { ':no': false },
          },
        ),
      );
    },
    async releaseFailureReport(deploymentId) {
      await table.update(linkKey(deploymentId), { set: { failureReported: false } });
    },
    async clearPressed(deploymentId, button) {
      await table.update(linkKey(deploymentId), { remove: [button, `${button}Job`] });
    },
    async running() {
      return (await table.query('RUNNING')).map((item) => text(item, 'deploymentId'));
    },
    async attachMessage(deploymentId, ts) {
      await table.update(linkKey(deploymentId), { set: { ts } }, { expression: 'attribute_exists(pk)' });
    },
    async startedFor(key) {
      const item = await table.get(startKey(key));
      return item ? text(item, 'deploymentId') : undefined;
    },
    async recordStarted(key, deploymentId) {
      await table.put({ ...startKey(key), deploymentId, expiresAt: ttlSeconds(now(), KEEP_MS) });
    },
  };
}
