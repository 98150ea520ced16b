import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  DeploymentNotStartedException,
  ListDeploymentTargetsCommand,
  type DeploymentTarget,
  type InstanceTarget,
  type LifecycleEvent,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { codeDeployControl } from '../../../lib/aws/codedeploy-control';

const codedeploy = mockClient(CodeDeployClient);
const control = codeDeployControl(new CodeDeployClient({ region: 'ap-northeast-2' }));
const DEPLOYMENT = 'd-7QX2K9ABC';

const GREEN_HOOKS = [
  'ApplicationStop',
  'DownloadBundle',
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'ApplicationStart',
  'ValidateService',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
];
const BLUE_HOOKS = ['BeforeBlockTraffic', 'BlockTraffic', 'AfterBlockTraffic'];
const LOG_TAIL =
  '[stdout]Running migrations for edu-web v42\n[stderr]psql: ERROR:  relation "users" already exists\n[stderr]migrate.sh: exit 1\n';

function hooks(names: string[], doneUpTo: number, failedAt?: number): LifecycleEvent[] {
  return names.map((lifecycleEventName, i) => {
    if (i === failedAt) {
      return {
        lifecycleEventName,
        status: 'Failed',
        startTime: new Date('2026-03-02T09:02:00Z'),
        endTime: new Date('2026-03-02T09:02:31Z'),
        diagnostics: {
          errorCode: 'ScriptFailed',
          scriptName: 'scripts/migrate.sh',
          message: 'Script at specified location: scripts/migrate.sh run as user root failed with exit code 1',
          logTail: LOG_TAIL,
        },
      };
    }
    return {
      lifecycleEventName,
      status: i < doneUpTo ? 'Succeeded' : 'Pending',
      diagnostics: i < doneUpTo ? { errorCode: 'Success', message: 'Succeeded' } : undefined,
    };
  });
}

function instance(
  targetId: string,
  instanceLabel: 'Blue' | 'Green',
  status: InstanceTarget['status'],
  lifecycleEvents: LifecycleEvent[],
): DeploymentTarget {
  return {
    deploymentTargetType: 'InstanceTarget',
    instanceTarget: {
      deploymentId: DEPLOYMENT,
      targetId,
      targetArn: `arn:aws:ec2:ap-northeast-2:111111111111:instance/${targetId}`,
      status,
      instanceLabel,
      lastUpdatedAt: new Date('2026-03-02T09:03:00Z'),
      lifecycleEvents,
    },
  };
}

/** Answers BatchGetDeploymentTargets from a table of targets, as CodeDeploy would. */
function serve(targets: DeploymentTarget[]): void {
  const byId = new Map(targets.map((target) => [target.instanceTarget?.targetId, target]));
  codedeploy.on(BatchGetDeploymentTargetsCommand).callsFake((input: { targetIds: string[] }) => ({
    deploymentTargets: input.targetIds.map((id) => byId.get(id)),
  }));
}

beforeEach(() => {
  codedeploy.reset();
});

describe('progress', () => {
  it('counts green installs and blue instances out of the load balancer', async () => {
    // Prepare
    const targets = [
      instance('i-green0001', 'Green', 'Succeeded', hooks(GREEN_HOOKS, 10)),
      instance('i-green0002', 'Green', 'Ready', hooks(GREEN_HOOKS, 7)),
      instance('i-green0003', 'Green', 'InProgress', hooks(GREEN_HOOKS, 4)),
      instance('i-green0004', 'Green', 'Failed', hooks(GREEN_HOOKS, 4, 4)),
      instance('i-green0005', 'Green', 'Skipped', []),
      instance('i-blue00001', 'Blue', 'Succeeded', hooks(BLUE_HOOKS, 3)),
      instance('i-blue00002', 'Blue', 'InProgress', hooks(BLUE_HOOKS, 1)),
    ];
    codedeploy
      .on(ListDeploymentTargetsCommand)
      .resolves({ targetIds: targets.map((t) => t.instanceTarget?.targetId ?? '') });
    serve(targets);
    // Act
    const progress = await control.progress(DEPLOYMENT);
    // Assess
    expect(progress).toEqual({
      green: { total: 4, succeeded: 2, failed: 1, inProgress: 1 },
      blue: { total: 2, trafficBlocked: 1 },
    });
  });

  it('pages through the targets and asks for at most 25 per BatchGetDeploymentTargets call', async () => {
    // Prepare
    const targets = Array.from({ length: 60 }, (_, i) =>
      instance(`i-${String(i).padStart(8, '0')}`, i < 30 ? 'Green' : 'Blue', 'Pending', []),
    );
    const ids = targets.map((t) => t.instanceTarget?.targetId ?? '');
    codedeploy
      .on(ListDeploymentTargetsCommand)
      .resolvesOnce({ targetIds: ids.slice(0, 40), nextToken: 'page-2' })
      .resolvesOnce({ targetIds: ids.slice(40) });
    serve(targets);
    // Act
    const progress = await control.progress(DEPLOYMENT);
    // Assess
    expect(codedeploy).toHaveReceivedNthCommandWith(2, ListDeploymentTargetsCommand, {
      deploymentId: DEPLOYMENT,
      nextToken: 'page-2',
    });
    expect(codedeploy).toHaveReceivedCommandTimes(BatchGetDeploymentTargetsCommand, 3);
    for (const call of codedeploy.commandCalls(BatchGetDeploymentTargetsCommand))
      expect(call.args[0].input.targetIds?.length).toBeLessThanOrEqual(25);
    expect(codedeploy).toHaveReceivedCommandWith(BatchGetDeploymentTargetsCommand, {
      deploymentId: DEPLOYMENT,
      targetIds: ids.slice(50),
    });
    expect(progress).toEqual({
      green: { total: 30, succeeded: 0, failed: 0, inProgress: 30 },
      blue: { total: 30, trafficBlocked: 0 },
    });
  });

  it('is all zeros before the deployment has started', async () => {
    // Prepare
    codedeploy
      .on(ListDeploymentTargetsCommand)
      .rejects(
        new DeploymentNotStartedException({ message: 'The specified deployment has not started', $metadata: {} }),
      );
    // Act
    const progress = await control.progress(DEPLOYMENT);
    // Assess
    expect(progress).toEqual({
      green: { total: 0, succeeded: 0, failed: 0, inProgress: 0 },
      blue: { total: 0, trafficBlocked: 0 },
    });
    expect(codedeploy).not.toHaveReceivedCommand(BatchGetDeploymentTargetsCommand);
  });
});

describe('failures', () => {
  it('lists each failed hook of the failed instances with its diagnostics and log tail', async () => {
    // Prepare
    const targets = [
      instance('i-0a1b2c3d4e5f60001', 'Green', 'Failed', hooks(GREEN_HOOKS, 4, 4)),
      instance('i-0a1b2c3d4e5f60002', 'Green', 'Failed', hooks(GREEN_HOOKS, 9, 9)),
    ];
    codedeploy.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002'] });
    serve(targets);
    // Act
    const failures = await control.failures(DEPLOYMENT);
    // Assess
    expect(codedeploy).toHaveReceivedCommandWith(ListDeploymentTargetsCommand, {
      deploymentId: DEPLOYMENT,
      targetFilters: { TargetStatus: ['Failed'] },
    });
    expect(failures).toEqual([
      {
        instanceId: 'i-0a1b2c3d4e5f60001',
        label: 'Green',
        hook: 'AfterInstall',
        errorCode: 'ScriptFailed',
        script: 'scripts/migrate.sh',
        message: 'Script at specified location: scripts/migrate.sh run as user root failed with exit code 1',
        logTail: LOG_TAIL,
      },
      expect.objectContaining({ instanceId: 'i-0a1b2c3d4e5f60002', hook: 'AfterAllowTraffic', logTail: LOG_TAIL }),
    ]);
  });

  it('chunks 30 failed instances into BatchGetDeploymentTargets calls of 25 and 5', async () => {
    // Prepare
    const targets = Array.from({ length: 30 }, (_, i) =>
      instance(`i-fail${String(i).padStart(4, '0')}`, 'Green', 'Failed', hooks(GREEN_HOOKS, 4, 4)),
    );
    codedeploy
      .on(ListDeploymentTargetsCommand)
      .resolves({ targetIds: targets.map((t) => t.instanceTarget?.targetId ?? '') });
    serve(targets);
    // Act
    const failures = await control.failures(DEPLOYMENT);
    // Assess
    expect(
      codedeploy.commandCalls(BatchGetDeploymentTargetsCommand).map((call) => call.args[0].input.targetIds?.length),
    ).toEqual([25, 5]);
    expect(failures).toHaveLength(30);
  });

  it('is empty when the deployment never started', async () => {
    codedeploy
      .on(ListDeploymentTargetsCommand)
      .rejects(new DeploymentNotStartedException({ message: 'not started', $metadata: {} }));
    await expect(control.failures(DEPLOYMENT)).resolves.toEqual([]);
  });
});
