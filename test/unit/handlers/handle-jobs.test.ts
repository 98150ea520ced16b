import { readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import type { WorkerDeps } from '../../../handlers/jobs/deps';
import { handleJobs } from '../../../handlers/jobs/handle-jobs';
import type { CommandJob } from '../../../handlers/jobs/job';
import { JOB_MAX_RECEIVE_COUNT } from '../../../lib/config/limits';
import { parseConfig } from '../../../lib/config/parse';
import { KnownFailure } from '../../../lib/errors';
import type { SlackMessage } from '../../../lib/slack/blocks/kit';
import type { ClaimOutcome } from '../../../lib/state/jobs';
import type { StateStore } from '../../../lib/state/store';

const config = parseConfig(readFileSync('test/fixtures/config/integration.yml', 'utf8'), 'integration.yml');

/** Worker deps whose target account cannot even be built: the job fails with the given error. */
function failingDeps(error: unknown, claim: ClaimOutcome = 'claimed') {
  const ledger = {
    claim: jest.fn(() => Promise.resolve(claim)), complete: jest.fn(() => Promise.resolve()), release: jest.fn(() => Promise.resolve()),
    done: jest.fn(() => Promise.resolve(false)), did: jest.fn(() => Promise.resolve()),
  };
  const said: { to: string; message: SlackMessage }[] = [];
  const deps = {
    config: jest.fn(() => Promise.resolve(config)),
    // Only what /status and the worker reach: jobs, audit, and empty lock and exemption lists.
    store: {
      jobs: ledger,
      audit: { record: jest.fn(() => Promise.resolve()) },
      locks: { list: () => Promise.resolve([]) },
      exemptions: { listActive: () => Promise.resolve([]) },
    } as unknown as StateStore,
    replies: {
      respond: jest.fn((url: string, message: SlackMessage) => Promise.resolve(void said.push({ to: url, message }))),
      postEphemeral: jest.fn(() => Promise.resolve()),
      post: jest.fn((channel: string, message: SlackMessage) => Promise.resolve({ ts: String(said.push({ to: channel, message })) })),
      update: jest.fn(() => Promise.resolve()),
    },
    directory: { membersOf: () => Promise.resolve([]) },
    targets: { for: () => { throw error; } },
    describeError: (e: unknown) => (e instanceof Error ? e.message : String(e)),
    now: () => new Date('2026-11-27T08:00:00Z'),
  } satisfies WorkerDeps;
  return { deps, ledger, said };
}

const job: CommandJob = {
  kind: 'command', id: 'cmd-T1-123.456', command: 'status', text: 'web prod', actor: { id: 'U0ALICE', name: 'alice' },
  channel: 'C0PRODOPS01', responseUrl: 'https://hooks.slack.com/commands/T1/1/x', requestedAt: '2026-11-27T08:00:00Z',
};

function delivery(body: unknown, receiveCount = 1): SQSEvent {
  const record = { messageId: 'm-1', body: JSON.stringify(body), attributes: { ApproximateReceiveCount: String(receiveCount) } };
  return { Records: [record] } as unknown as SQSEvent; // the handler reads only these fields
}

const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('handleJobs', () => {
  it('retries a throttled job: releases the claim and reports the record as failed', async () => {
    // Prepare
    const { deps, ledger, said } = failingDeps(throttled);
    // Act
    const result = await handleJobs(delivery(job), deps);
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(ledger.release).toHaveBeenCalledWith(job.id);
    expect(said).toEqual([]); // nobody is bothered with a failure that a retry may fix
  });

  it('on the last attempt tells the requester and the audit channel, and leaves the job for the dead-letter queue', async () => {
    // Prepare
    const { deps, ledger, said } = failingDeps(throttled);
    // Act
    const result = await handleJobs(delivery(job, JOB_MAX_RECEIVE_COUNT), deps);
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(said.map((s) => s.to)).toEqual([job.responseUrl, 'C0AUDIT0001']);
    expect(JSON.stringify(said[0]?.message)).toContain('dead-letter queue');
    expect(ledger.release).toHaveBeenCalledWith(job.id);
  });

  it('reports a known failure at once with what to do, and does not retry it', async () => {
    // Prepare
    const { deps, ledger, said } = failingDeps(new KnownFailure('the role is missing', 'Deploy infra/target-account.yml.'));
    // Act
    const result = await handleJobs(delivery(job), deps);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(JSON.stringify(said[0]?.message)).toContain('Deploy infra/target-account.yml.');
    expect(ledger.complete).toHaveBeenCalledWith(job.id, 'failed: the role is missing');
  });

  it('tells the requester once, truthfully, about a failure retrying cannot fix, and does not run the job again', async () => {
    // Prepare
    const { deps, ledger, said } = failingDeps(Object.assign(new Error('User is not authorized to perform: codedeploy:GetDeployment'), { name: 'AccessDeniedException' }));
    // Act
    const result = await handleJobs(delivery(job), deps);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(said.map((s) => s.to)).toEqual([job.responseUrl, 'C0AUDIT0001']);
    expect(JSON.stringify(said[0]?.message)).not.toContain('dead-letter queue');
    expect(ledger.release).not.toHaveBeenCalled();
    expect(ledger.complete).toHaveBeenCalledWith(job.id, expect.stringMatching(/^failed: /));
  });

  it('does not run a job again, or call it failed, when only marking it done failed', async () => {
    // Prepare: the job itself (an audit) succeeds; the ledger write after it is throttled
    const { deps, ledger, said } = failingDeps(new Error('not reached'));
    ledger.complete.mockImplementation(() => Promise.reject(throttled));
    const auditJob = { kind: 'audit', id: 'cmd-T1-123.456-refusal', entry: { at: '2026-11-27T08:00:00Z', user: 'U0MALLORY', command: '/deploy web prod', decision: 'refused', detail: 'not an operator' } };
    // Act
    const result = await handleJobs(delivery(auditJob), deps);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(ledger.release).not.toHaveBeenCalled();
    expect(said.map((s) => s.to)).toEqual(['C0AUDIT0001']); // the refusal, once, and no failure report
  });

  it('ignores a job that already ran', async () => {
    // Prepare
    const { deps } = failingDeps(new Error('must not run'), 'done');
    // Act
    const result = await handleJobs(delivery(job), deps);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(deps.store.audit.record).not.toHaveBeenCalled();
  });

  it('sends a job another delivery is still running back to the queue', async () => {
    // Prepare
    const { deps } = failingDeps(new Error('must not run'), 'running');
    // Act
    const result = await handleJobs(delivery(job), deps);
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(deps.store.audit.record).not.toHaveBeenCalled();
  });

  it('fails an unreadable job so the dead-letter queue keeps it', async () => {
    // Prepare
    const { deps, ledger } = failingDeps(new Error('must not run'));
    // Act
    const result = await handleJobs(delivery({ kind: 'nonsense' }), deps);
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(ledger.claim).not.toHaveBeenCalled();
  });
});
