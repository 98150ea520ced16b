import type { DeploymentGroupFleet, DeploymentGroupReader } from '../../../commands/fleet/ports';
import {
  cachedDeploymentGroups,
  deploymentGroupKey,
  liveFleetCache,
  liveGroups,
} from '../../../commands/fleet/live-fleet';
import type { AppConfig } from '../../../lib/config/schema';

const TARGET = { account: '111111111111', region: 'ap-northeast-2' };
const app = (changes: Partial<AppConfig> = {}): AppConfig => ({
  codedeploy: { application: 'edu-web', groups: { prod: 'edu-web-prod' } },
  artifacts: { bucket: 'edu-artifacts', key: 'web/{revision}.zip', bundleType: 'zip' },
  autoScalingGroups: {},
  checks: {},
  runbooks: {},
  ...changes,
});

function reader(...answers: (DeploymentGroupFleet | Error)[]): DeploymentGroupReader & { reads: number } {
  const state = {
    reads: 0,
    fleet: () => {
      const answer = answers[Math.min(state.reads, answers.length - 1)];
      state.reads += 1;
      return answer instanceof Error || answer === undefined
        ? Promise.reject(answer ?? new Error('no answer'))
        : Promise.resolve(answer);
    },
  };
  return state;
}

const fleet = (serving: string[], green?: DeploymentGroupFleet['green']): DeploymentGroupFleet => ({
  serving,
  replacedOnDeploy: true,
  stopOnAlarms: [],
  ...(green ? { green } : {}),
});

describe('liveGroups', () => {
  it('reads the deployment group, not the configured name, and knows the green copy', async () => {
    // Prepare
    const green = { name: 'CodeDeploy_edu-web-prod_d-NEXT00001', deploymentId: 'd-NEXT00001' };
    // Act
    const live = await liveGroups(
      app({ autoScalingGroups: { prod: 'edu-web-prod-asg' } }),
      'prod',
      reader(fleet(['CodeDeploy_edu-web-prod_d-7K2M9QX4B'], green)),
    );
    // Assess
    expect(live).toEqual({ serving: ['CodeDeploy_edu-web-prod_d-7K2M9QX4B'], green, source: 'codedeploy' });
  });

  it('falls back to the configured name for a deployment group that lists no Auto Scaling group (EC2 tags)', async () => {
    await expect(
      liveGroups(app({ autoScalingGroups: { prod: 'edu-web-prod-asg' } }), 'prod', reader(fleet([]))),
    ).resolves.toEqual({
      serving: ['edu-web-prod-asg'],
      source: 'config',
    });
  });

  it('uses the configured name for an app CodeDeploy does not deploy in that environment', async () => {
    // Prepare
    const groups = reader(fleet(['unused']));
    // Act
    const live = await liveGroups(
      app({ codedeploy: { application: 'edu-web', groups: {} }, autoScalingGroups: { prod: 'edu-web-prod-asg' } }),
      'prod',
      groups,
    );
    // Assess
    expect(live).toEqual({ serving: ['edu-web-prod-asg'], source: 'config' });
    expect(groups.reads).toBe(0);
  });
});

describe('cachedDeploymentGroups', () => {
  it('reads a deployment group once a minute, and again at once after forget', async () => {
    // Prepare
    let now = 0;
    const cache = liveFleetCache(() => now);
    const groups = cachedDeploymentGroups(
      reader(fleet(['old-asg']), fleet(['new-asg']), fleet(['newer-asg'])),
      cache,
      TARGET,
    );
    const serving = async () => (await groups.fleet('edu-web', 'edu-web-prod')).serving[0];
    // Act
    const first = await serving();
    now = 59_000;
    const cached = await serving();
    cache.forget(deploymentGroupKey(TARGET, 'edu-web', 'edu-web-prod'));
    const afterSuccess = await serving();
    now = 120_000;
    const afterExpiry = await serving();
    // Assess
    expect([first, cached, afterSuccess, afterExpiry]).toEqual(['old-asg', 'old-asg', 'new-asg', 'newer-asg']);
  });

  it('keeps two accounts apart and does not remember a failed read', async () => {
    // Prepare
    const cache = liveFleetCache(() => 0);
    const failing = cachedDeploymentGroups(reader(new Error('Throttling'), fleet(['prod-asg'])), cache, TARGET);
    const other = cachedDeploymentGroups(reader(fleet(['staging-asg'])), cache, {
      account: '222222222222',
      region: 'ap-northeast-2',
    });
    // Act
    await expect(failing.fleet('edu-web', 'edu-web-prod')).rejects.toThrow('Throttling');
    const retried = await failing.fleet('edu-web', 'edu-web-prod');
    const elsewhere = await other.fleet('edu-web', 'edu-web-prod');
    // Assess
    expect([retried.serving, elsewhere.serving]).toEqual([['prod-asg'], ['staging-asg']]);
  });
});
