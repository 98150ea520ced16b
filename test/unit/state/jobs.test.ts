import { jobLedger, type JobLedger } from '../../../lib/state/jobs';
import { useDynalite } from '../../fakes/dynalite';

const dynamo = useDynalite();
let clock: Date;
let jobs: JobLedger;

const LEASE_MS = 60_000;

beforeEach(() => {
  clock = new Date('2025-03-01T09:00:00.000Z');
  jobs = jobLedger(dynamo().table, () => clock);
});

function advance(ms: number): void {
  clock = new Date(clock.getTime() + ms);
}

describe('jobLedger', () => {
  it('claims a job delivered for the first time, with a 7-day TTL', async () => {
    // Act
    const outcome = await jobs.claim('job-1', LEASE_MS);
    // Assess
    expect(outcome).toBe('claimed');
    const item = await dynamo().table.get({ pk: 'JOB#job-1', sk: 'JOB' });
    expect(item).toMatchObject({ status: 'running', leaseUntil: '2025-03-01T09:01:00.000Z' });
    expect(item?.expiresAt).toBe(Date.parse('2025-03-08T09:00:00.000Z') / 1000);
  });

  it('answers done to a duplicate delivery of a finished job, keeping its outcome', async () => {
    // Prepare
    await jobs.claim('job-1', LEASE_MS);
    await jobs.complete('job-1', 'deployment d-ABC started');
    // Act
    const outcome = await jobs.claim('job-1', LEASE_MS);
    // Assess
    expect(outcome).toBe('done');
    expect(await dynamo().table.get({ pk: 'JOB#job-1', sk: 'JOB' })).toMatchObject({
      status: 'done',
      outcome: 'deployment d-ABC started',
    });
  });

  it('answers running to a concurrent delivery while the lease is live', async () => {
    // Prepare
    await jobs.claim('job-1', LEASE_MS);
    advance(LEASE_MS - 1);
    // Act
    const outcome = await jobs.claim('job-1', LEASE_MS);
    // Assess
    expect(outcome).toBe('running');
  });

  it('lets exactly one of two simultaneous deliveries claim the job', async () => {
    // Act
    const outcomes = await Promise.all([jobs.claim('job-1', LEASE_MS), jobs.claim('job-1', LEASE_MS)]);
    // Assess
    expect(outcomes.sort()).toEqual(['claimed', 'running']);
  });

  it('reclaims a job whose worker crashed and let the lease expire', async () => {
    // Prepare
    await jobs.claim('job-1', LEASE_MS);
    advance(LEASE_MS + 1);
    // Act
    const outcome = await jobs.claim('job-1', LEASE_MS);
    // Assess
    expect(outcome).toBe('claimed');
    expect(await dynamo().table.get({ pk: 'JOB#job-1', sk: 'JOB' })).toMatchObject({
      leaseUntil: '2025-03-01T09:02:00.001Z',
    });
  });

  it('never reclaims a finished job, however old', async () => {
    // Prepare
    await jobs.claim('job-1', LEASE_MS);
    await jobs.complete('job-1', 'ok');
    advance(LEASE_MS * 10);
    // Act
    const outcome = await jobs.claim('job-1', LEASE_MS);
    // Assess
    expect(outcome).toBe('done');
  });

  it('lets a retry claim a released job at once', async () => {
    // Prepare
    await jobs.claim('job-1', LEASE_MS);
    await jobs.release('job-1');
    // Act
    const outcome = await jobs.claim('job-1', LEASE_MS);
    // Assess
    expect(outcome).toBe('claimed');
  });

  it('keeps a finished job finished when it is released, and releases unknown jobs quietly', async () => {
    // Prepare
    await jobs.claim('job-1', LEASE_MS);
    await jobs.complete('job-1', 'ok');
    // Act
    await jobs.release('job-1');
    await jobs.release('never-claimed');
    // Assess
    expect(await jobs.claim('job-1', LEASE_MS)).toBe('done');
    expect(await dynamo().table.get({ pk: 'JOB#never-claimed', sk: 'JOB' })).toBeUndefined();
  });
});
