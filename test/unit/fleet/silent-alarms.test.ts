import { copiedGroupOrigin, greenGroupName } from '../../../commands/fleet/green-group';
import type { DeploymentGroupFleet, WatchingAlarm } from '../../../commands/fleet/ports';
import { findSilentAlarms, type SilentAlarmInput } from '../../../commands/fleet/silent-alarms';

const LIVE = 'CodeDeploy_edu-web-prod_d-7K2M9QX4B';
const fleet = (changes: Partial<DeploymentGroupFleet> = {}): DeploymentGroupFleet => ({
  serving: [LIVE],
  replacedOnDeploy: true,
  stopOnAlarms: ['edu-web-prod-5xx'],
  ...changes,
});
const alarm = (name: string, ...groups: string[]): WatchingAlarm => ({ name, kind: 'metric', groups });
const input = (alarms: WatchingAlarm[], changes: Partial<SilentAlarmInput> = {}): SilentAlarmInput => ({
  deploymentGroup: 'edu-web-prod',
  fleet: fleet(),
  alarms,
  existing: new Set([LIVE]),
  owns: (group) => group === 'edu-web-prod-asg',
  ...changes,
});

describe('green group names', () => {
  it('are CodeDeploy_<deployment group>_<deployment id>, and read back', () => {
    expect(greenGroupName('edu-web-prod', 'd-7K2M9QX4B')).toBe(LIVE);
    expect(copiedGroupOrigin(LIVE)).toEqual({ deploymentGroup: 'edu-web-prod', deploymentId: 'd-7K2M9QX4B' });
    // Deployment group names may contain underscores; the deployment id is the last part.
    expect(copiedGroupOrigin('CodeDeploy_web_blue_d-ABC123')).toEqual({
      deploymentGroup: 'web_blue',
      deploymentId: 'd-ABC123',
    });
    expect(copiedGroupOrigin('edu-web-prod-asg')).toBeUndefined();
  });
});

describe('findSilentAlarms', () => {
  it('groups the alarms on a gone group, names the live one and the deployment that made it', () => {
    // Act
    const findings = findSilentAlarms(
      input([
        alarm('edu-web-prod-cpu', 'edu-web-prod-asg'),
        alarm('edu-web-prod-5xx', 'edu-web-prod-asg'),
        alarm('edu-web-prod-live', LIVE),
      ]),
    );
    // Assess
    expect(findings).toEqual([
      {
        group: 'edu-web-prod-asg',
        alarms: ['edu-web-prod-5xx', 'edu-web-prod-cpu'],
        stopOnAlarm: ['edu-web-prod-5xx'],
        liveGroup: LIVE,
        replacedBy: 'd-7K2M9QX4B',
      },
    ]);
  });

  it('finds nothing when every group an alarm names exists', () => {
    expect(findSilentAlarms(input([alarm('edu-web-prod-cpu', LIVE)]))).toEqual([]);
  });

  it('leaves alone a gone copy of another deployment group and a gone group it does not own', () => {
    // Act
    const findings = findSilentAlarms(
      input([
        alarm('edu-web-prod-a', 'CodeDeploy_edu-api-prod_d-OTHER0001'),
        alarm('edu-web-prod-b', 'someone-elses-asg'),
      ]),
    );
    // Assess
    expect(findings).toEqual([]);
  });

  it('reports its own earlier copies, whatever the caller owns', () => {
    // Act
    const findings = findSilentAlarms(
      input([alarm('edu-web-prod-cpu', 'CodeDeploy_edu-web-prod_d-OLDER0001')], { owns: () => false }),
    );
    // Assess
    expect(findings.map((finding) => finding.group)).toEqual(['CodeDeploy_edu-web-prod_d-OLDER0001']);
  });

  it('does not count the green group of a running deployment as gone, even before it is described', () => {
    // Prepare
    const green = { name: 'CodeDeploy_edu-web-prod_d-NEXT00001', deploymentId: 'd-NEXT00001' };
    // Act
    const findings = findSilentAlarms(input([alarm('edu-web-prod-green', green.name)], { fleet: fleet({ green }) }));
    // Assess
    expect(findings).toEqual([]);
  });

  it('offers no target when the deployment group points at several groups', () => {
    // Act
    const [finding] = findSilentAlarms(
      input([alarm('edu-web-prod-cpu', 'edu-web-prod-asg')], {
        fleet: fleet({ serving: ['a-asg', 'b-asg'] }),
        existing: new Set(['a-asg', 'b-asg']),
      }),
    );
    // Assess
    expect(finding?.liveGroup).toBeUndefined();
    expect(finding?.replacedBy).toBeUndefined();
  });
});
