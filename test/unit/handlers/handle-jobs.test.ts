import { readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import type { WorkerDeps } from '../../../handlers/jobs/deps';
import { handleJobs } from '../../../handlers/jobs/handle-jobs';
import type { CommandJob } from '../../../commands/job';
import { JOB_MAX_RECEIVE_COUNT } from '../../../lib/config/limits';
import { parseConfig } from '../../../lib/config/parse';
import { KnownFailure } from '../../../lib/errors';
import { TIMEOUT_MARGIN_MS } from '../../../lib/lambda';
import { logger } from '../../../lib/log';
import type { SlackMessage } from '../../../lib/slack/blocks/kit';
import type { ClaimOutcome } from '../../../lib/state/jobs';
import type { StateStore } from '../../../lib/state/store';
import { ResponseUrlError } from '../../../lib/slack/replies';
import { deferred, settleMicrotasks } from '../../fakes/deferred';
import { captureLogs, type LogCapture } from '../../fakes/log-capture';

const config = parseConfig(readFileSync('test/fixtures/config/integration.yml', 'utf8'), 'integration.yml');

/** Worker deps whose target account cannot even be built: the job fails with the given error. */
function failingDeps(error: unknown, claim: ClaimOutcome = 'claimed') {
  const ledger = {
    claim: jest.fn(() => Promise.resolve(claim)),
    complete: jest.fn(() => Promise.resolve()),
    release: jest.fn(() => Promise.resolve()),
    done: jest.fn(() => Promise.resolve(false)),
    did: jest.fn(() => Promise.resolve()),
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
      post: jest.fn((channel: string, message: SlackMessage) =>
        Promise.resolve({ ts: String(said.push({ to: channel, message })) }),
      ),
      update: jest.fn(() => Promise.resolve()),
    },
    directory: { membersOf: () => Promise.resolve([]) },
    account: () => {
      throw error;
    },
    describeError: (e: unknown) => (e instanceof Error ? e.message : String(e)),
    now: () => new Date('2026-11-27T08:00:00Z'),
    queue: { send: jest.fn(() => Promise.resolve()) },
    probe: { run: jest.fn(() => Promise.reject(new Error('no checks in these tests'))) },
    github: { compare: jest.fn(() => Promise.reject(new Error('no GitHub in these tests'))) },
  } satisfies WorkerDeps;
  return { deps, ledger, said };
}

const job: CommandJob = {
  kind: 'command',
  id: 'cmd-T1-123.456',
  command: 'status',
  text: 'web prod',
  actor: { id: 'U0ALICE', name: 'alice' },
  channel: 'C0PRODOPS01',
  responseUrl: 'https://hooks.slack.com/commands/T1/1/x',
  requestedAt: '2026-11-27T08:00:00Z',
};

function delivery(body: unknown, receiveCount = 1): SQSEvent {
  return batch([body], receiveCount);
}

function batch(bodies: unknown[], receiveCount = 1): SQSEvent {
  const records = bodies.map((body, i) => ({
    messageId: `m-${i + 1}`,
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount) },
  }));
  return { Records: records } as unknown as SQSEvent; // the handler reads only these fields
}

/** A Lambda context with `ms` left before the function's timeout. */
const lambdaWith = (ms: number) => ({ getRemainingTimeInMillis: () => ms });
/** Plenty of time: the worker's whole timeout. */
const lambda = lambdaWith(120_000);
/** Time runs out (but for the margin the worker keeps to settle its jobs) 1 ms from now. */
const lastMoment = lambdaWith(TIMEOUT_MARGIN_MS + 1);

const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('handleJobs', () => {
  it('retries a throttled job: releases the claim and reports the record as failed', async () => {
    // Prepare
    const { deps, ledger, said } = failingDeps(throttled);
    // Act
    const result = await handleJobs(delivery(job), deps, lambda);
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(ledger.release).toHaveBeenCalledWith(job.id);
    expect(said).toEqual([]); // nobody is bothered with a failure that a retry may fix
  });

  it('on the last attempt tells the requester and the audit channel, and leaves the job for the dead-letter queue', async () => {
    // Prepare
    const { deps, ledger, said } = failingDeps(throttled);
    // Act
    const result = await handleJobs(delivery(job, JOB_MAX_RECEIVE_COUNT), deps, lambda);
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(said.map((s) => s.to)).toEqual([job.responseUrl, 'C0AUDIT0001']);
    expect(JSON.stringify(said[0]?.message)).toContain('dead-letter queue');
    expect(ledger.release).toHaveBeenCalledWith(job.id);
  });

  it('reports a known failure at once with what to do, and does not retry it', async () => {
    // Prepare
    const { deps, ledger, said } = failingDeps(
      new KnownFailure('the role is missing', 'Deploy infra/target-account.yml.'),
    );
    // Act
    const result = await handleJobs(delivery(job), deps, lambda);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(JSON.stringify(said[0]?.message)).toContain('Deploy infra/target-account.yml.');
    expect(ledger.complete).toHaveBeenCalledWith(job.id, 'failed: the role is missing');
  });

  it('tells the requester once, truthfully, about a failure retrying cannot fix, and does not run the job again', async () => {
    // Prepare
    const { deps, ledger, said } = failingDeps(
      Object.assign(new Error('User is not authorized to perform: codedeploy:GetDeployment'), {
        name: 'AccessDeniedException',
      }),
    );
    // Act
    const result = await handleJobs(delivery(job), deps, lambda);
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
    const auditJob = {
      kind: 'audit',
      id: 'cmd-T1-123.456-refusal',
      entry: {
        at: '2026-11-27T08:00:00Z',
        user: 'U0MALLORY',
        command: '/deploy web prod',
        decision: 'refused',
        detail: 'not an operator',
      },
    };
    // Act
    const result = await handleJobs(delivery(auditJob), deps, lambda);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(ledger.release).not.toHaveBeenCalled();
    expect(said.map((s) => s.to)).toEqual(['C0AUDIT0001']); // the refusal, once, and no failure report
  });

  it('ignores a job that already ran', async () => {
    // Prepare
    const { deps } = failingDeps(new Error('must not run'), 'done');
    // Act
    const result = await handleJobs(delivery(job), deps, lambda);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(deps.store.audit.record).not.toHaveBeenCalled();
  });

  it('sends a job another delivery is still running back to the queue', async () => {
    // Prepare
    const { deps } = failingDeps(new Error('must not run'), 'running');
    // Act
    const result = await handleJobs(delivery(job), deps, lambda);
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(deps.store.audit.record).not.toHaveBeenCalled();
  });

  it('fails an unreadable job so the dead-letter queue keeps it', async () => {
    // Prepare
    const { deps, ledger } = failingDeps(new Error('must not run'));
    // Act
    const result = await handleJobs(delivery({ kind: 'nonsense' }), deps, lambda);
    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(ledger.claim).not.toHaveBeenCalled();
  });

  describe('log lines of a batch whose records run at the same time', () => {
    let logs: LogCapture;
    beforeEach(() => (logs = captureLogs('INFO')));
    afterEach(() => logs.restore());

    it("carry their own record's jobId and user, from the worker and from the code the job runs", async () => {
      // Prepare: alice's job waits on its claim until bob's job has started, so their lines interleave
      const { deps, ledger } = failingDeps(throttled);
      const alice: CommandJob = {
        ...job,
        id: 'cmd-alice',
        text: 'no-such-app prod',
        actor: { id: 'U0ALICE', name: 'alice' },
      };
      const bob: CommandJob = { ...job, id: 'cmd-bob', actor: { id: 'U0BOB', name: 'bob' } };
      const bobStarted = deferred<undefined>();
      Object.assign(ledger, {
        claim: async (id: string): Promise<ClaimOutcome> => {
          if (id === bob.id) bobStarted.resolve(undefined);
          else await bobStarted.promise;
          return 'claimed';
        },
      });
      // alice's usage answer meets an expired response_url: reply.ts logs that, deep inside her job
      deps.replies.respond.mockImplementation(() => Promise.reject(new ResponseUrlError(404, 'expired_url')));
      // Act
      await handleJobs(batch([alice, bob]), deps, lambda);
      // Assess
      const lines = logs.lines().map(({ message, jobId, user }) => ({ message, jobId, user }));
      expect(lines).toEqual(
        expect.arrayContaining([
          { message: 'job failed', jobId: 'cmd-bob', user: 'U0BOB' },
          {
            message: 'response_url refused the reply; posting it ephemerally instead',
            jobId: 'cmd-alice',
            user: 'U0ALICE',
          },
        ]),
      );
      expect(lines.filter((line) => line.jobId === 'cmd-alice').map((line) => line.user)).toEqual(
        lines.filter((line) => line.jobId === 'cmd-alice').map(() => 'U0ALICE'),
      );
      expect(lines.filter((line) => line.jobId === 'cmd-bob').map((line) => line.user)).toEqual(
        lines.filter((line) => line.jobId === 'cmd-bob').map(() => 'U0BOB'),
      );
    });

    it("leave no record's keys behind for the next invocation", async () => {
      // Prepare
      const { deps } = failingDeps(throttled);
      await handleJobs(delivery(job), deps, lambda);
      // Act
      logger.info('after the batch');
      // Assess
      expect(logs.lines().find((line) => line.message === 'after the batch')).not.toHaveProperty('jobId');
    });
  });

  describe('a job still running when the Lambda timeout nears', () => {
    const auditJob = {
      kind: 'audit',
      id: 'cmd-T1-123.456-refusal',
      entry: {
        at: '2026-11-27T08:00:00Z',
        user: 'U0MALLORY',
        command: '/deploy web prod',
        decision: 'refused',
        detail: 'not an operator',
      },
    };

    it('is stopped before the timeout, its claim released and its record handed back to SQS; it then does nothing more', async () => {
      // Prepare: the audit write hangs (a slow state table) past the time the invocation has
      const { deps, ledger, said } = failingDeps(new Error('not reached'));
      const writing = deferred<undefined>();
      const record = jest.fn().mockReturnValueOnce(writing.promise).mockResolvedValue(undefined);
      Object.assign(deps.store.audit, { record });
      // Act
      const result = await handleJobs(delivery(auditJob), deps, lastMoment);
      writing.resolve(undefined); // the abandoned job's write comes back late (a container thawed, say)…
      await settleMicrotasks();
      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
      expect(ledger.release).toHaveBeenCalledWith(auditJob.id);
      expect(ledger.complete).not.toHaveBeenCalled();
      expect(said).toEqual([]); // …and it must not go on to announce what the redelivery will
    }, 5_000);

    it('runs once when SQS delivers it again', async () => {
      // Prepare
      const { deps, ledger, said } = failingDeps(new Error('not reached'));
      const writing = deferred<undefined>();
      Object.assign(deps.store.audit, {
        record: jest.fn().mockReturnValueOnce(writing.promise).mockResolvedValue(undefined),
      });
      await handleJobs(delivery(auditJob), deps, lastMoment);
      writing.resolve(undefined);
      // Act
      const again = await handleJobs(delivery(auditJob, 2), deps, lambda);
      await settleMicrotasks();
      // Assess
      expect(again.batchItemFailures).toEqual([]);
      expect(said.map((s) => s.to)).toEqual(['C0AUDIT0001']);
      expect(ledger.complete).toHaveBeenCalledTimes(1);
    }, 5_000);

    it('on the last attempt tells the requester and the audit channel before the dead-letter queue keeps it', async () => {
      // Prepare: a usage answer whose response_url hangs
      const { deps, ledger, said } = failingDeps(new Error('not reached'));
      const answering = deferred<undefined>();
      deps.replies.respond.mockReturnValueOnce(answering.promise);
      // Act
      const result = await handleJobs(
        delivery({ ...job, text: 'no-such-app prod' }, JOB_MAX_RECEIVE_COUNT),
        deps,
        lastMoment,
      );
      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
      expect(said.map((s) => s.to)).toEqual([job.responseUrl, 'C0AUDIT0001']);
      expect(JSON.stringify(said[0]?.message)).toContain('dead-letter queue');
      expect(ledger.release).toHaveBeenCalledWith(job.id);
    }, 5_000);

    it('is not started, nor claimed, once the time is up', async () => {
      // Prepare
      const { deps, ledger } = failingDeps(new Error('not reached'));
      // Act
      const result = await handleJobs(delivery(auditJob), deps, lambdaWith(0));
      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
      expect(ledger.claim).not.toHaveBeenCalled();
    });
  });
});
