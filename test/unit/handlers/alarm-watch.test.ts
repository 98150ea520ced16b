import type { DeploymentGroupFleet } from '../../../commands/fleet/ports';
import type { FiringAlarm } from '../../../commands/ports';
import { withAlarms, type AlarmSources } from '../../../handlers/deploy/alarm-watch';
import { deploymentDetail } from '../../fakes/deployment-progress-views';

const WATCHED = ['edu-web-prod-5xx', 'edu-web-prod-latency'];
const ALARM_STOP = {
  code: 'ALARM_ACTIVE',
  message:
    'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: edu-web-prod-5xx',
};

/** The deployment group and CloudWatch as the progress refresh reads them, counting the reads. */
function sources(options: { watched?: string[]; firing?: string[]; groupFails?: boolean } = {}) {
  const reads = { group: 0, firing: [] as string[] };
  const fleet: DeploymentGroupFleet = {
    serving: ['edu-web-prod-asg'],
    replacedOnDeploy: true,
    stopOnAlarms: options.watched ?? WATCHED,
  };
  const value: AlarmSources = {
    deploymentGroups: {
      fleet: () => {
        reads.group += 1;
        return options.groupFails ? Promise.reject(new Error('ThrottlingException')) : Promise.resolve(fleet);
      },
    },
    alarms: {
      firing: (prefix) => {
        reads.firing.push(prefix);
        return Promise.resolve(
          (options.firing ?? []).map((name): FiringAlarm => ({ name, reason: 'Threshold Crossed' })),
        );
      },
    },
  };
  return { value, reads };
}

describe('withAlarms', () => {
  it('reads the group’s alarm list while the deployment runs', async () => {
    const { value, reads } = sources();
    const detail = await withAlarms(deploymentDetail(), value);
    expect(detail.alarmWatch).toEqual({ enabled: true, alarms: WATCHED });
    expect(reads.group).toBe(1);
  });

  it('says nothing is watched when the group has no alarms enabled', async () => {
    const { value } = sources({ watched: [] });
    expect((await withAlarms(deploymentDetail(), value)).alarmWatch).toEqual({ enabled: false, alarms: [] });
  });

  it('does not read the group when the deployment names its own alarms', async () => {
    const { value, reads } = sources();
    const own = { enabled: true, alarms: ['edu-web-prod-canary'] };
    expect((await withAlarms(deploymentDetail({ alarmWatch: own }), value)).alarmWatch).toEqual(own);
    expect(reads.group).toBe(0);
  });

  it.each([
    ['it succeeded', deploymentDetail({ status: 'Succeeded' })],
    [
      'a person stopped it',
      deploymentDetail({ status: 'Stopped', error: { code: 'MANUAL_STOP', message: 'stopped by a user request' } }),
    ],
  ])('reads nothing for a deployment that ended otherwise: %s', async (_case, ended) => {
    const { value, reads } = sources();
    expect(await withAlarms(ended, value)).toEqual(ended);
    expect(reads).toEqual({ group: 0, firing: [] });
  });

  it('reads the alarm names of an alarm stop against the group’s list', async () => {
    const { value, reads } = sources({ watched: ['Web prod 5xx rate', 'edu-web-prod-latency'] });
    const error = { code: 'ALARM_ACTIVE', message: 'Activated alarms: Web prod 5xx rate' };
    const detail = await withAlarms(
      deploymentDetail({ status: 'Stopped', error, stoppedByAlarms: ['Web', 'prod', '5xx', 'rate'] }),
      value,
    );
    expect(detail.stoppedByAlarms).toEqual(['Web prod 5xx rate']);
    expect(reads.firing).toEqual([]);
  });

  it('falls back to the watched alarms in ALARM when CodeDeploy names none, looked up by their common prefix', async () => {
    const { value, reads } = sources({ firing: ['edu-web-prod-latency'] });
    const error = { code: 'ALARM_ACTIVE', message: 'Alarms were activated.' };
    const detail = await withAlarms(deploymentDetail({ status: 'Stopped', error, stoppedByAlarms: [] }), value);
    expect(detail.stoppedByAlarms).toEqual(['edu-web-prod-latency']);
    expect(reads.firing).toEqual(['edu-web-prod-']);
  });

  it('still shows the deployment when the group cannot be read: no alarm list, the message’s names', async () => {
    const { value } = sources({ groupFails: true });
    const running = await withAlarms(deploymentDetail(), value);
    const stopped = await withAlarms(
      deploymentDetail({ status: 'Stopped', error: ALARM_STOP, stoppedByAlarms: ['edu-web-prod-5xx'] }),
      value,
    );
    expect(running.alarmWatch).toBeUndefined();
    expect(stopped.stoppedByAlarms).toEqual(['edu-web-prod-5xx']);
  });
});
