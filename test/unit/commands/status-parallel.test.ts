import { run } from '../../../commands/status';
import { buildConfig } from '../../fakes/blueshift-config';
import { rendezvous, settleMicrotasks } from '../../fakes/deferred';
import { fakeStatusPorts, type TargetAnswers } from '../../fakes/status-ports';
import { fleet, ok } from '../../fakes/status-views';

const config = buildConfig();

/** Reads that answer only once every read named in `meeting` has been started (see `rendezvous`). */
function answersMeetingAt(meeting: ReturnType<typeof rendezvous>, env: string): Partial<TargetAnswers> {
  return {
    active: () => meeting.arrive(`${env} deployments`).then(() => undefined),
    firing: () => meeting.arrive(`${env} alarms`).then(() => []),
    describe: () => meeting.arrive(`${env} fleet`).then(() => fleet()),
  };
}

describe('run reads in parallel', () => {
  it('starts the deployment, alarm and fleet reads of an entry before any of them answers', async () => {
    // Prepare
    const meeting = rendezvous(['prod deployments', 'prod alarms', 'prod fleet']);
    const ports = fakeStatusPorts({ targets: { prod: answersMeetingAt(meeting, 'prod') } });
    // Act
    const reading = run({ app: 'web', env: 'prod' }, config, ports);
    await settleMicrotasks();
    // Assess
    expect(meeting.waitingFor()).toEqual([]);
    const report = await reading;
    expect(report.entries[0]).toMatchObject({ alarms: ok([]), fleet: { ok: true } });
  });

  it('starts every entry’s reads before any entry answers', async () => {
    // Prepare
    const meeting = rendezvous([
      'prod deployments',
      'staging deployments',
      'prod alarms',
      'staging alarms',
      'prod fleet',
      'staging fleet',
    ]);
    const ports = fakeStatusPorts({
      targets: { prod: answersMeetingAt(meeting, 'prod'), staging: answersMeetingAt(meeting, 'staging') },
    });
    // Act
    const reading = run({ app: 'web', env: undefined }, config, ports);
    await settleMicrotasks();
    // Assess
    expect(meeting.waitingFor()).toEqual([]);
    const report = await reading;
    expect(report.entries.map((entry) => entry.env)).toEqual(['prod', 'staging']);
  });
});
