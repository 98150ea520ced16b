import { CodeDeployClient, GetDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { CodeDeployWorld } from '../../fakes/codedeploy-world';

const REGION = 'ap-northeast-2';

let world: CodeDeployWorld;
const client = new CodeDeployClient({ region: REGION });

/** The simulated CodeDeploy the deploy tests drive by hand, both groups with v41 deployed yesterday. */
beforeEach(() => {
  world = new CodeDeployWorld({ revisions: ['web/v41.zip', 'web/v42.zip'] });
  for (const group of ['edu-web-prod', 'edu-web-staging'])
    world.recordSucceeded(group, 'web/v41.zip', `d-OLD-${group}`, new Date(Date.now() - 86_400_000), 10, 'v41');
});
afterEach(() => world.mock.restore());

describe('stop on alarm, driven by hand', () => {
  it('rolls back only a group whose automatic rollback covers DEPLOYMENT_STOP_ON_ALARM', async () => {
    // Prepare
    const deploy = (group: string) =>
      world.create({
        applicationName: 'edu-web',
        deploymentGroupName: group,
        revision: world.revisionLocation('web/v42.zip'),
      }).info.deploymentId ?? '';
    const prod = deploy('edu-web-prod');
    const staging = deploy('edu-web-staging');
    // Act
    const event = world.stopByAlarm(prod, ['edu-web-prod-5xx', 'edu-web-prod-latency']) as { detail: object };
    world.stopByAlarm(staging, ['edu-web-staging-5xx']);
    // Assess
    expect(event.detail).toMatchObject({ deploymentId: prod, state: 'STOP' });
    expect(world.get(prod).info).toMatchObject({
      status: 'Stopped',
      errorInformation: {
        code: 'ALARM_ACTIVE',
        message: expect.stringMatching(/: edu-web-prod-5xx edu-web-prod-latency$/) as string,
      },
      rollbackInfo: { rollbackDeploymentId: expect.stringMatching(/^d-SIM/) as string },
    });
    expect(world.get(staging).info).toMatchObject({ status: 'Stopped', errorInformation: { code: 'ALARM_ACTIVE' } });
    expect(world.get(staging).info.rollbackInfo).toBeUndefined();
    const groups = await Promise.all(
      ['edu-web-prod', 'edu-web-staging'].map(
        async (deploymentGroupName) =>
          (await client.send(new GetDeploymentGroupCommand({ applicationName: 'edu-web', deploymentGroupName })))
            .deploymentGroupInfo?.autoRollbackConfiguration?.events,
      ),
    );
    expect(groups).toEqual([
      ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'],
      ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'],
    ]);
    expect(() => world.stopByAlarm(prod, ['edu-web-prod-5xx'])).toThrow(/already ended/);
  });
});
