import type { DeploymentGroupFleet, DeploymentGroupReader } from '../../../commands/fleet/ports';
import { liveFleetCache, liveGroups, type LiveFleetScope } from '../../../commands/fleet/live-fleet';
import type { AppConfig } from '../../../lib/config/schema';

const TARGET = { account: '111111111111', region: 'ap-northeast-2' };
const app = (changes: Partial<AppConfig> = {}): AppConfig => ({
  codedeploy: { application: 'edu-web', groups: { prod: 'edu-web-prod' } },
  artifacts: { bucket: 'edu-artifacts', key: 'web/{revision}.zip', bundleType: 'zip' },
  autoScalingGroups: {},
  ...changes,
});

function reader(...answers: (DeploymentGroupFleet | Error)[]): DeploymentGroupReader & { reads: number } {
  const state = {
    reads: 0,
    fleet: () => {
      const answer = answers[Math.min(state.reads, answers.length - 1)];
      state.reads += 1;
      return answer instanceof Error || answer === undefined ? Promise.reject(answer ?? new Error('no answer')) : Promise.resolve(answer);
    },
  };
  return state;
}

const fleet = (serving: string[], green?: DeploymentGroupFleet['green']): DeploymentGroupFleet => ({
  serving, replacedOnDeploy: true, stopOnAlarms: [], ...(green ? { green } : {}),
});

describe('liveGroups', () => {
  const scope = (changes: Partial<AppConfig> = {}): LiveFleetScope => ({ app: app(changes), env: 'prod', target: TARGET });

  it('reads the deployment group, not the configured name, and knows the green copy', async () => {
    // Prepare
    const green = { name: 'CodeDeploy_edu-web-prod_d-NEXT00001', deploymentId: 'd-NEXT00001' };
    const groups = reader(fleet(['CodeDeploy_edu-web-prod_d-7K2M9QX4B'], green));
    // Act
    const live = await liveGroups(scope({ autoScalingGroups: { prod: 'edu-web-prod-asg' } }), groups, liveFleetCache());
    // Assess
    expect(live).toEqual({ serving: ['CodeDeploy_edu-web-prod_d-7K2M9QX4B'], green, source: 'codedeploy' });
  });

  it('falls back to the configured name for a deployment group that lists no Auto Scaling group (EC2 tags)', async () => {
    await expect(liveGroups(scope({ autoScalingGroups: { prod: 'edu-web-prod-asg' } }), reader(fleet([])), liveFleetCache())).resolves.toEqual({
      serving: ['edu-web-prod-asg'],
      source: 'config',
    });
  });

  it('uses the configured name for an app CodeDeploy does not deploy in that environment', async () => {
    // Prepare
    const groups = reader(fleet(['unused']));
    // Act
    const live = await liveGroups(scope({ codedeploy: { application: 'edu-web', groups: {} }, autoScalingGroups: { prod: 'edu-web-prod-asg' } }), groups, liveFleetCache());
    // Assess
    expect(live).toEqual({ serving: ['edu-web-prod-asg'], source: 'config' });
    expect(groups.reads).toBe(0);
  });
});

describe('liveFleetCache', () => {
  const scope: LiveFleetScope = { app: app(), env: 'prod', target: TARGET };

  it('reads a deployment group once a minute, and again at once after forget', async () => {
    // Prepare
    let now = 0;
    const cache = liveFleetCache(() => now);
    const groups = reader(fleet(['old-asg']), fleet(['new-asg']), fleet(['newer-asg']));
    // Act
    const first = await liveGroups(scope, groups, cache);
    now = 59_000;
    const cached = await liveGroups(scope, groups, cache);
    cache.forget('111111111111/ap-northeast-2/edu-web/');
    const afterSuccess = await liveGroups(scope, groups, cache);
    now = 120_000;
    const afterExpiry = await liveGroups(scope, groups, cache);
    // Assess
    expect([first, cached, afterSuccess, afterExpiry].map((live) => live?.serving[0])).toEqual(['old-asg', 'old-asg', 'new-asg', 'newer-asg']);
  });

  it('does not remember a failed read', async () => {
    // Prepare
    const cache = liveFleetCache(() => 0);
    const groups = reader(new Error('Throttling'), fleet(['asg']));
    // Act
    await expect(liveGroups(scope, groups, cache)).rejects.toThrow('Throttling');
    const retried = await liveGroups(scope, groups, cache);
    // Assess
    expect(retried?.serving).toEqual(['asg']);
  });
});
