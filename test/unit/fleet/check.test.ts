import { checkSilentAlarms, moveSilentAlarms, type FleetAccount } from '../../../commands/fleet/check';
import type { AlarmMoveResult, SilentAlarmRecord, WatchingAlarm } from '../../../commands/fleet/ports';

const LIVE = 'CodeDeploy_edu-web-prod_d-7K2M9QX4B';

function account(alarms: WatchingAlarm[], existing: string[]): FleetAccount & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    deploymentGroups: {
      fleet: (application, group) => {
        calls.push(`fleet ${application}/${group}`);
        return Promise.resolve({ serving: [LIVE], replacedOnDeploy: true, stopOnAlarms: ['codedeploy-stop'] });
      },
    },
    alarmRewriter: {
      watching: (prefix, names) => {
        calls.push(`watching ${prefix ?? '-'} ${names.join(',')}`);
        return Promise.resolve(alarms);
      },
      move: () => Promise.reject(new Error('not in this test')),
    },
    groups: {
      existing: (names) => {
        calls.push(`existing ${names.join(',')}`);
        return Promise.resolve(new Set(names.filter((name) => existing.includes(name))));
      },
    },
  };
}

describe('checkSilentAlarms', () => {
  it('reads the deployment group, the alarms by prefix and stop list, and which groups exist: once each', async () => {
    // Prepare
    const target = account(
      [
        { name: 'codedeploy-stop', kind: 'math', groups: ['edu-web-prod-asg'] },
        { name: 'edu-web-prod-cpu', kind: 'metric', groups: [LIVE] },
      ],
      [LIVE],
    );
    // Act
    const { findings } = await checkSilentAlarms(
      {
        application: 'edu-web',
        deploymentGroup: 'edu-web-prod',
        alarmPrefix: 'edu-web-prod-',
        owns: (group) => group === 'edu-web-prod-asg',
      },
      target,
    );
    // Assess
    expect(findings).toEqual([
      {
        group: 'edu-web-prod-asg',
        alarms: ['codedeploy-stop'],
        stopOnAlarm: ['codedeploy-stop'],
        liveGroup: LIVE,
        replacedBy: 'd-7K2M9QX4B',
      },
    ]);
    expect(target.calls).toEqual([
      'fleet edu-web/edu-web-prod',
      'watching edu-web-prod- codedeploy-stop',
      `existing edu-web-prod-asg,${LIVE}`,
    ]);
  });
});

describe('moveSilentAlarms', () => {
  const finding: SilentAlarmRecord & { liveGroup: string } = {
    env: 'prod',
    app: 'web',
    group: 'edu-web-prod-asg',
    alarms: ['a', 'b', 'c'],
    stopOnAlarm: [],
    liveGroup: LIVE,
    foundAt: new Date(0),
  };
  const rewriter = (results: Record<string, AlarmMoveResult | Error>) => ({
    watching: () => Promise.resolve([]),
    move: (alarm: string) => {
      const result = results[alarm];
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result ?? 'gone');
    },
  });

  it('gives each alarm its result, a refused one with the reason', async () => {
    // Prepare
    const denied = Object.assign(new Error('User is not authorized to perform: cloudwatch:PutMetricAlarm'), {
      name: 'AccessDenied',
    });
    // Act
    const outcomes = await moveSilentAlarms(
      finding,
      rewriter({ a: 'moved', b: denied, c: 'already-moved' }),
      (error) => `refused: ${(error as Error).name}`,
    );
    // Assess
    expect(outcomes).toEqual([
      { alarm: 'a', result: 'moved' },
      { alarm: 'b', result: 'failed', reason: 'refused: AccessDenied' },
      { alarm: 'c', result: 'already-moved' },
    ]);
  });

  it('throws throttling for the job to retry, instead of calling the alarm failed', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    // Act & Assess
    await expect(moveSilentAlarms(finding, rewriter({ a: 'moved', b: throttled }), String)).rejects.toBe(throttled);
  });
});
