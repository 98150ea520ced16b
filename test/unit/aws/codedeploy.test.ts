import {
  ApplicationDoesNotExistException,
  BatchGetDeploymentsCommand,
  CodeDeployClient,
  DeploymentGroupDoesNotExistException,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { codeDeployDeployments, DeploymentGroupNotFoundError, toDeploymentSummary } from '../../../lib/aws/codedeploy';
import { deploymentInfo } from '../../fakes/deployment-info';

const codedeploy = mockClient(CodeDeployClient);
const deployments = codeDeployDeployments(new CodeDeployClient({ region: 'ap-northeast-2' }));

/** A blue/green deployment in progress, with a revision named by version. */
function deployment(id: string, overrides: Partial<DeploymentInfo> = {}): DeploymentInfo {
  return deploymentInfo({
    deploymentId: id,
    status: 'InProgress',
    description: 'ChatOps: /deploy web 1.42.0 by U0ALICE',
    revision: { revisionType: 'S3', s3Location: { bucket: 'edu-artifacts', key: 'web/1.42.0.zip', bundleType: 'zip' } },
    deploymentOverview: { Pending: 2, InProgress: 1, Succeeded: 1, Failed: 0, Skipped: 0, Ready: 0 },
    ...overrides,
  });
}

beforeEach(() => {
  codedeploy.reset();
});

describe('active', () => {
  it('lists active deployments across pages and returns the newest', async () => {
    // Prepare
    codedeploy
      .on(ListDeploymentsCommand)
      .resolvesOnce({ deployments: ['d-75I7MBT7C'], nextToken: 'page-2' })
      .resolvesOnce({ deployments: ['d-9ABCDEF12'] });
    codedeploy.on(BatchGetDeploymentsCommand).resolves({
      deploymentsInfo: [
        deployment('d-75I7MBT7C', { status: 'Ready', createTime: new Date('2026-03-02T08:00:00Z') }),
        deployment('d-9ABCDEF12', { deploymentOverview: { Pending: 3, Ready: 1 } }),
      ],
    });
    // Act
    const active = await deployments.active('edu-web', 'edu-web-prod');
    // Assess
    expect(active).toEqual({
      id: 'd-9ABCDEF12',
      status: 'InProgress',
      revision: { bucket: 'edu-artifacts', key: 'web/1.42.0.zip', bundleType: 'zip' },
      createdAt: new Date('2026-03-02T09:00:00.123Z'),
      creator: 'user',
      description: 'ChatOps: /deploy web 1.42.0 by U0ALICE',
      instances: { pending: 3, inProgress: 0, succeeded: 0, failed: 0, skipped: 0, ready: 1 },
    });
    expect(codedeploy).toHaveReceivedCommandWith(ListDeploymentsCommand, {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      includeOnlyStatuses: ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'],
    });
    expect(codedeploy).toHaveReceivedNthCommandWith(2, ListDeploymentsCommand, { nextToken: 'page-2' });
    expect(codedeploy).toHaveReceivedCommandWith(BatchGetDeploymentsCommand, {
      deploymentIds: ['d-75I7MBT7C', 'd-9ABCDEF12'],
    });
  });

  it('asks for at most 25 deployments per BatchGetDeployments call', async () => {
    // Prepare
    const ids = Array.from({ length: 30 }, (_, i) => `d-${String(i).padStart(9, '0')}`);
    codedeploy.on(ListDeploymentsCommand).resolves({ deployments: ids });
    codedeploy.on(BatchGetDeploymentsCommand).callsFake((input: { deploymentIds: string[] }) => ({
      deploymentsInfo: input.deploymentIds.map((id, i) =>
        deployment(id, { createTime: new Date(Date.UTC(2026, 2, 2, 9, i)) }),
      ),
    }));
    // Act
    const active = await deployments.active('edu-web', 'edu-web-prod');
    // Assess
    expect(codedeploy).toHaveReceivedCommandTimes(BatchGetDeploymentsCommand, 2);
    expect(codedeploy).toHaveReceivedCommandWith(BatchGetDeploymentsCommand, { deploymentIds: ids.slice(0, 25) });
    expect(codedeploy).toHaveReceivedCommandWith(BatchGetDeploymentsCommand, { deploymentIds: ids.slice(25) });
    expect(active?.id).toBe('d-000000024');
  });

  it('is undefined when nothing is running, without describing anything', async () => {
    // Prepare
    codedeploy.on(ListDeploymentsCommand).resolves({ deployments: [] });
    // Act
    const active = await deployments.active('edu-web', 'edu-web-prod');
    // Assess
    expect(active).toBeUndefined();
    expect(codedeploy).not.toHaveReceivedCommand(BatchGetDeploymentsCommand);
  });

  it('names the application and group CodeDeploy does not know', async () => {
    // Prepare
    const missing = new DeploymentGroupDoesNotExistException({
      message: 'No Deployment Group found for name: edu-web-prod',
      $metadata: {},
    });
    codedeploy.on(ListDeploymentsCommand).rejects(missing);
    // Act
    const failure = deployments.active('edu-web', 'edu-web-prod');
    // Assess
    await expect(failure).rejects.toBeInstanceOf(DeploymentGroupNotFoundError);
    await expect(failure).rejects.toThrow('CodeDeploy has no deployment group "edu-web-prod" in application "edu-web"');
    await expect(failure).rejects.toMatchObject({
      name: 'DeploymentGroupNotFoundError',
      cause: missing,
      group: 'edu-web-prod',
    });
  });
});

describe('lastSuccessful', () => {
  it('reads the group’s last successful deployment and its pinned S3 revision', async () => {
    // Prepare
    codedeploy.on(GetDeploymentGroupCommand).resolves({
      deploymentGroupInfo: {
        applicationName: 'edu-web',
        deploymentGroupName: 'edu-web-prod',
        lastSuccessfulDeployment: {
          deploymentId: 'd-75I7MBT7C',
          status: 'Succeeded',
          createTime: new Date('2026-03-01T09:00:00Z'),
          endTime: new Date('2026-03-01T09:04:10Z'),
        },
      },
    });
    codedeploy.on(GetDeploymentCommand, { deploymentId: 'd-75I7MBT7C' }).resolves({
      deploymentInfo: deployment('d-75I7MBT7C', {
        status: 'Succeeded',
        completeTime: new Date('2026-03-01T09:04:10Z'),
        revision: {
          revisionType: 'S3',
          s3Location: {
            bucket: 'edu-artifacts',
            key: 'web/1.41.2.zip',
            bundleType: 'zip',
            version: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY',
          },
        },
        deploymentOverview: { Succeeded: 4 },
      }),
    });
    // Act
    const last = await deployments.lastSuccessful('edu-web', 'edu-web-prod');
    // Assess
    expect(last).toMatchObject({
      id: 'd-75I7MBT7C',
      status: 'Succeeded',
      completedAt: new Date('2026-03-01T09:04:10Z'),
      revision: {
        bucket: 'edu-artifacts',
        key: 'web/1.41.2.zip',
        bundleType: 'zip',
        version: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY',
      },
      instances: { pending: 0, inProgress: 0, succeeded: 4, failed: 0, skipped: 0, ready: 0 },
    });
    expect(last?.error).toBeUndefined();
    expect(codedeploy).toHaveReceivedCommandWith(GetDeploymentGroupCommand, {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
    });
  });

  it('is undefined for a group that never succeeded', async () => {
    // Prepare
    codedeploy
      .on(GetDeploymentGroupCommand)
      .resolves({ deploymentGroupInfo: { applicationName: 'edu-web', deploymentGroupName: 'edu-web-prod' } });
    // Act
    const last = await deployments.lastSuccessful('edu-web', 'edu-web-prod');
    // Assess
    expect(last).toBeUndefined();
    expect(codedeploy).not.toHaveReceivedCommand(GetDeploymentCommand);
  });

  it('names the application CodeDeploy does not know', async () => {
    // Prepare
    codedeploy
      .on(GetDeploymentGroupCommand)
      .rejects(
        new ApplicationDoesNotExistException({ message: 'No application found for name: edu-web', $metadata: {} }),
      );
    // Act
    const failure = deployments.lastSuccessful('edu-web', 'edu-web-prod');
    // Assess
    await expect(failure).rejects.toThrow('CodeDeploy has no application "edu-web"');
  });
});

describe('toDeploymentSummary', () => {
  it('carries a failed deployment’s error information and completion time', () => {
    // Prepare
    const failed = deployment('d-9ABCDEF12', {
      status: 'Failed',
      completeTime: new Date('2026-03-02T09:07:42Z'),
      deploymentOverview: { Pending: 0, InProgress: 0, Succeeded: 1, Failed: 3, Skipped: 0, Ready: 0 },
      errorInformation: {
        code: 'HEALTH_CONSTRAINTS',
        message:
          'The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.',
      },
      rollbackInfo: { rollbackDeploymentId: 'd-ROLLBACK01' },
    });
    // Act
    const summary = toDeploymentSummary(failed);
    // Assess
    expect(summary).toMatchObject({
      id: 'd-9ABCDEF12',
      status: 'Failed',
      completedAt: new Date('2026-03-02T09:07:42Z'),
      instances: { pending: 0, inProgress: 0, succeeded: 1, failed: 3, skipped: 0, ready: 0 },
      error: {
        code: 'HEALTH_CONSTRAINTS',
        message: expect.stringMatching(/^The overall deployment failed/) as unknown,
      },
    });
  });

  it('is undefined for an entry without an ID or status', () => {
    // Act & Assess
    expect(toDeploymentSummary({ applicationName: 'edu-web' })).toBeUndefined();
  });
});
