import {
  BatchGetDeploymentsCommand,
  CodeDeployClient,
  DeploymentDoesNotExistException,
  DeploymentGroupDoesNotExistException,
  GetDeploymentCommand,
  ListDeploymentsCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { DeploymentGroupNotFoundError } from '../../../lib/aws/codedeploy';
import { codeDeployControl } from '../../../lib/aws/codedeploy-control';
import { KnownFailure } from '../../../lib/errors';
import { deploymentInfo } from '../../fakes/deployment-info';

const codedeploy = mockClient(CodeDeployClient);
const control = codeDeployControl(new CodeDeployClient({ region: 'ap-northeast-2' }));

beforeEach(() => {
  codedeploy.reset();
});

describe('get', () => {
  it('reads a blue/green deployment waiting for reroute', async () => {
    // Prepare
    codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: deploymentInfo() });
    // Act
    const detail = await control.get('d-7QX2K9ABC');
    // Assess
    expect(detail).toEqual({
      id: 'd-7QX2K9ABC',
      status: 'Ready',
      revision: { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' },
      createdAt: new Date('2026-03-02T09:00:00.123Z'),
      creator: 'user',
      description: '/deploy web prod v42 requested by alice (U0ALICE) via blueshift',
      instances: { pending: 0, inProgress: 0, succeeded: 0, failed: 0, skipped: 0, ready: 4 },
      application: 'edu-web',
      group: 'edu-web-prod',
      blueGreen: true,
      copiesFleet: true,
      previousRevision: { bucket: 'edu-artifacts', key: 'web/v41.zip', bundleType: 'zip' },
      terminationWaitStarted: false,
      readyWaitMinutes: 120,
      terminationWaitMinutes: 60,
      statusMessages: [],
    });
    expect(codedeploy).toHaveReceivedCommandWith(GetDeploymentCommand, { deploymentId: 'd-7QX2K9ABC' });
  });

  it('reads a failed deployment with its error, rollback and the termination wait', async () => {
    // Prepare
    codedeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: deploymentInfo({
        status: 'Failed',
        completeTime: new Date('2026-03-02T09:06:00Z'),
        instanceTerminationWaitTimeStarted: true,
        errorInformation: {
          code: 'HEALTH_CONSTRAINTS',
          message: 'The overall deployment failed because too many individual instances failed deployment',
        },
        rollbackInfo: { rollbackDeploymentId: 'd-RB0000001', rollbackMessage: 'Rolled back by CodeDeploy' },
        deploymentStatusMessages: ['Instance i-0a1b2c3d4e5f60001 failed AfterInstall'],
      }),
    });
    // Act
    const detail = await control.get('d-7QX2K9ABC');
    // Assess
    expect(detail).toMatchObject({
      status: 'Failed',
      completedAt: new Date('2026-03-02T09:06:00Z'),
      terminationWaitStarted: true,
      error: {
        code: 'HEALTH_CONSTRAINTS',
        message: expect.stringContaining('too many individual instances') as string,
      },
      rollback: { rollbackDeploymentId: 'd-RB0000001', triggeredBy: undefined, message: 'Rolled back by CodeDeploy' },
      statusMessages: ['Instance i-0a1b2c3d4e5f60001 failed AfterInstall'],
    });
  });

  it.each<[string, Partial<DeploymentInfo>, number | undefined]>([
    ['STOP_DEPLOYMENT waits', {}, 120],
    [
      'CONTINUE_DEPLOYMENT reroutes at once, so no wait',
      {
        blueGreenDeploymentConfiguration: {
          deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
        },
      },
      undefined,
    ],
    [
      'an in-place deployment has none',
      { deploymentStyle: { deploymentType: 'IN_PLACE' }, blueGreenDeploymentConfiguration: undefined },
      undefined,
    ],
  ])('ready wait: %s', async (_case, overrides, minutes) => {
    codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: deploymentInfo(overrides) });
    expect((await control.get('d-7QX2K9ABC')).readyWaitMinutes).toBe(minutes);
  });

  it('reads a rollback deployment’s link to the one it replaces', async () => {
    codedeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: deploymentInfo({
        deploymentId: 'd-RB0000001',
        creator: 'codeDeployRollback',
        rollbackInfo: { rollbackTriggeringDeploymentId: 'd-7QX2K9ABC' },
      }),
    });
    const detail = await control.get('d-RB0000001');
    expect(detail.rollback).toEqual({
      rollbackDeploymentId: undefined,
      triggeredBy: 'd-7QX2K9ABC',
      message: undefined,
    });
  });

  it('reads which alarms stopped a deployment CodeDeploy stopped for them (ALARM_ACTIVE)', async () => {
    codedeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: deploymentInfo({
        status: 'Stopped',
        errorInformation: {
          code: 'ALARM_ACTIVE',
          message:
            'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: edu-web-prod-5xx edu-web-prod-latency',
        },
      }),
    });
    const detail = await control.get('d-7QX2K9ABC');
    expect(detail.stoppedByAlarms).toEqual(['edu-web-prod-5xx', 'edu-web-prod-latency']);
    expect(detail.alarmWatch).toBeUndefined(); // the group's list is read only when the message needs it
  });

  it('has no alarm stop for a deployment stopped otherwise', async () => {
    codedeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: deploymentInfo({
        status: 'Stopped',
        errorInformation: { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user request.' },
      }),
    });
    expect(await control.get('d-7QX2K9ABC')).not.toHaveProperty('stoppedByAlarms');
  });

  it.each<[string, DeploymentInfo['overrideAlarmConfiguration'], object | undefined]>([
    [
      'an override naming alarms is what this deployment watches',
      { enabled: true, ignorePollAlarmFailure: false, alarms: [{ name: 'edu-web-prod-5xx' }] },
      { enabled: true, alarms: ['edu-web-prod-5xx'] },
    ],
    ['an empty override leaves it to the group', { enabled: false, alarms: [] }, undefined],
    ['no override leaves it to the group', undefined, undefined],
  ])('alarm override: %s', async (_case, overrideAlarmConfiguration, alarmWatch) => {
    codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: deploymentInfo({ overrideAlarmConfiguration }) });
    expect((await control.get('d-7QX2K9ABC')).alarmWatch).toEqual(alarmWatch);
  });

  it('says when the deployment does not exist', async () => {
    codedeploy
      .on(GetDeploymentCommand)
      .rejects(
        new DeploymentDoesNotExistException({ message: 'Deployment d-NOPE00001 does not exist', $metadata: {} }),
      );
    const failure = control.get('d-NOPE00001');
    await expect(failure).rejects.toBeInstanceOf(KnownFailure);
    await expect(failure).rejects.toThrow('CodeDeploy has no deployment d-NOPE00001');
  });
});

describe('succeeded', () => {
  const ids = (count: number, from = 0): string[] =>
    Array.from({ length: count }, (_, i) => `d-S${String(from + i).padStart(8, '0')}`);
  const describe25 = (input: { deploymentIds: string[] }) => ({
    deploymentsInfo: input.deploymentIds.map((deploymentId) => {
      const n = Number(deploymentId.slice(3));
      return deploymentInfo({
        deploymentId,
        status: 'Succeeded',
        createTime: new Date(Date.UTC(2026, 2, 1, 0, n)),
        completeTime: new Date(Date.UTC(2026, 2, 1, 0, n, 30)),
      });
    }),
  });

  it('pages until it has enough, describes at most 25 per call, newest first', async () => {
    // Prepare
    codedeploy
      .on(ListDeploymentsCommand)
      .resolvesOnce({ deployments: ids(20), nextToken: 'page-2' })
      .resolvesOnce({ deployments: ids(20, 20), nextToken: 'page-3' });
    codedeploy.on(BatchGetDeploymentsCommand).callsFake(describe25);
    // Act
    const succeeded = await control.succeeded('edu-web', 'edu-web-prod', 30);
    // Assess
    expect(codedeploy).toHaveReceivedCommandTimes(ListDeploymentsCommand, 2);
    expect(codedeploy).toHaveReceivedCommandWith(ListDeploymentsCommand, {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      includeOnlyStatuses: ['Succeeded'],
    });
    expect(codedeploy).toHaveReceivedCommandTimes(BatchGetDeploymentsCommand, 2);
    expect(codedeploy).toHaveReceivedCommandWith(BatchGetDeploymentsCommand, { deploymentIds: ids(25) });
    expect(codedeploy).toHaveReceivedCommandWith(BatchGetDeploymentsCommand, { deploymentIds: ids(15, 25) });
    expect(succeeded).toHaveLength(30);
    expect(succeeded.map((d) => d.id).slice(0, 2)).toEqual(['d-S00000039', 'd-S00000038']);
  });

  it('is empty without asking when no deployments are wanted', async () => {
    await expect(control.succeeded('edu-web', 'edu-web-prod', 0)).resolves.toEqual([]);
    expect(codedeploy).not.toHaveReceivedCommand(ListDeploymentsCommand);
  });

  it('names a group CodeDeploy does not know', async () => {
    codedeploy
      .on(ListDeploymentsCommand)
      .rejects(new DeploymentGroupDoesNotExistException({ message: 'No Deployment Group found', $metadata: {} }));
    await expect(control.succeeded('edu-web', 'edu-web-prod', 3)).rejects.toBeInstanceOf(DeploymentGroupNotFoundError);
  });
});
