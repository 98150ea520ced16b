import {
  ApplicationDoesNotExistException,
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  DeploymentAlreadyCompletedException,
  DeploymentIsNotInReadyStateException,
  DeploymentLimitExceededException,
  DescriptionTooLongException,
  InvalidRevisionException,
  InvalidRoleException,
  ListApplicationRevisionsCommand,
  ListDeploymentsCommand,
  RevisionDoesNotExistException,
  StopDeploymentCommand,
  ThrottlingException,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { DeploymentGroupNotFoundError } from '../../../lib/aws/codedeploy';
import { codeDeployControl } from '../../../lib/aws/codedeploy-control';
import { DeploymentInProgressError } from '../../../lib/aws/codedeploy-errors';
import { KnownFailure } from '../../../lib/errors';

const codedeploy = mockClient(CodeDeployClient);
const control = codeDeployControl(new CodeDeployClient({ region: 'ap-northeast-2' }));
const REVISION = { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' };
const START = {
  application: 'edu-web',
  group: 'edu-web-prod',
  revision: REVISION,
  description: '/deploy web prod v42 requested by alice (U0ALICE) via blueshift',
};

beforeEach(() => {
  codedeploy.reset();
});

describe('latestRevision', () => {
  it('is the newest S3 revision of the first page, skipping GitHub ones', async () => {
    // Prepare
    codedeploy.on(ListApplicationRevisionsCommand).resolves({
      revisions: [
        { revisionType: 'GitHub', gitHubLocation: { repository: 'edu/web', commitId: 'a1b2c3d' } },
        {
          revisionType: 'S3',
          s3Location: {
            bucket: 'edu-artifacts',
            key: 'web/v42.zip',
            bundleType: 'zip',
            eTag: '"9f2c"',
            version: 'Yz1.x',
          },
        },
        { revisionType: 'S3', s3Location: { bucket: 'edu-artifacts', key: 'web/v41.zip', bundleType: 'zip' } },
      ],
      nextToken: 'page-2',
    });
    // Act
    const latest = await control.latestRevision('edu-web');
    // Assess
    expect(latest).toEqual({ bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip', version: 'Yz1.x' });
    expect(codedeploy).toHaveReceivedCommandTimes(ListApplicationRevisionsCommand, 1);
    expect(codedeploy).toHaveReceivedCommandWith(ListApplicationRevisionsCommand, {
      applicationName: 'edu-web',
      sortBy: 'registerTime',
      sortOrder: 'descending',
    });
  });

  it('reads the next page only when the first has no S3 revision', async () => {
    // Prepare
    codedeploy
      .on(ListApplicationRevisionsCommand)
      .resolvesOnce({
        revisions: [{ revisionType: 'AppSpecContent', appSpecContent: { content: 'version: 0.0' } }],
        nextToken: 'page-2',
      })
      .resolvesOnce({
        revisions: [
          { revisionType: 'S3', s3Location: { bucket: 'edu-artifacts', key: 'web/v40.zip', bundleType: 'zip' } },
        ],
      });
    // Act
    const latest = await control.latestRevision('edu-web');
    // Assess
    expect(latest?.key).toBe('web/v40.zip');
    expect(codedeploy).toHaveReceivedNthCommandWith(2, ListApplicationRevisionsCommand, { nextToken: 'page-2' });
  });

  it('is undefined when nothing is registered', async () => {
    codedeploy.on(ListApplicationRevisionsCommand).resolves({ revisions: [] });
    await expect(control.latestRevision('edu-web')).resolves.toBeUndefined();
  });

  it('names an application CodeDeploy does not know', async () => {
    codedeploy
      .on(ListApplicationRevisionsCommand)
      .rejects(
        new ApplicationDoesNotExistException({ message: 'No application found for name: edu-web', $metadata: {} }),
      );
    await expect(control.latestRevision('edu-web')).rejects.toThrow('CodeDeploy has no application "edu-web"');
  });
});

describe('start', () => {
  it('creates an S3 deployment with the group’s own config, overwriting files', async () => {
    // Prepare
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-7QX2K9ABC' });
    // Act
    const id = await control.start(START);
    // Assess
    expect(id).toBe('d-7QX2K9ABC');
    const [call] = codedeploy.commandCalls(CreateDeploymentCommand);
    expect(call?.args[0].input).toEqual({
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      revision: { revisionType: 'S3', s3Location: { bucket: 'edu-artifacts', key: 'web/v42.zip', bundleType: 'zip' } },
      description: START.description,
      fileExistsBehavior: 'OVERWRITE',
    });
  });

  it('keeps the description within CodeDeploy’s 256 characters', async () => {
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: 'd-7QX2K9ABC' });
    await control.start({ ...START, description: 'x'.repeat(300) });
    expect(codedeploy.commandCalls(CreateDeploymentCommand)[0]?.args[0].input.description).toHaveLength(256);
  });

  it('names the active deployment from the 2022 refusal message', async () => {
    // Prepare
    const refusal = new DeploymentLimitExceededException({
      message: "The Deployment Group 'edu-web-prod' already has an active Deployment 'd-ACTIVE001'",
      $metadata: {},
    });
    codedeploy.on(CreateDeploymentCommand).rejects(refusal);
    // Act
    const failure = control.start(START);
    // Assess
    await expect(failure).rejects.toBeInstanceOf(DeploymentInProgressError);
    await expect(failure).rejects.toBeInstanceOf(KnownFailure);
    await expect(failure).rejects.toMatchObject({
      activeDeploymentId: 'd-ACTIVE001',
      group: 'edu-web-prod',
      cause: refusal,
    });
    await expect(failure).rejects.toThrow('Deployment `d-ACTIVE001` is already running in edu-web-prod');
    expect(codedeploy).not.toHaveReceivedCommand(ListDeploymentsCommand);
  });

  it('asks ListDeployments for the active one when the message does not name it', async () => {
    // Prepare
    codedeploy.on(CreateDeploymentCommand).rejects(
      new DeploymentLimitExceededException({
        message: 'The number of allowed deployments was exceeded.',
        $metadata: {},
      }),
    );
    codedeploy.on(ListDeploymentsCommand).resolves({ deployments: ['d-FROMLIST1'] });
    // Act
    const failure = control.start(START);
    // Assess
    await expect(failure).rejects.toMatchObject({
      name: 'DeploymentInProgressError',
      activeDeploymentId: 'd-FROMLIST1',
    });
    expect(codedeploy).toHaveReceivedCommandWith(ListDeploymentsCommand, {
      applicationName: 'edu-web',
      deploymentGroupName: 'edu-web-prod',
      includeOnlyStatuses: ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'],
    });
  });

  it('still refuses, without an id, when the fallback lookup fails too', async () => {
    codedeploy
      .on(CreateDeploymentCommand)
      .rejects(new DeploymentLimitExceededException({ message: 'limit exceeded', $metadata: {} }));
    codedeploy.on(ListDeploymentsCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(control.start(START)).rejects.toMatchObject({
      name: 'DeploymentInProgressError',
      activeDeploymentId: undefined,
    });
  });

  it.each<[string, Error, string | RegExp]>([
    [
      'RevisionDoesNotExistException',
      new RevisionDoesNotExistException({ message: 'No application revision found', $metadata: {} }),
      'Revision not found at s3://edu-artifacts/web/v42.zip.',
    ],
    [
      'InvalidRevisionException',
      new InvalidRevisionException({ message: 'The revision is invalid', $metadata: {} }),
      'Revision not found at s3://edu-artifacts/web/v42.zip.',
    ],
    [
      'DescriptionTooLongException',
      new DescriptionTooLongException({ message: 'Description too long', $metadata: {} }),
      /description as too long/,
    ],
    [
      'InvalidRoleException',
      new InvalidRoleException({
        message: 'Cannot assume role arn:aws:iam::111111111111:role/codedeploy',
        $metadata: {},
      }),
      /cannot use the service role of edu-web-prod: Cannot assume role/,
    ],
  ])('says %s in plain words', async (_name, error, message) => {
    // Prepare
    codedeploy.on(CreateDeploymentCommand).rejects(error);
    // Act
    const failure = control.start(START);
    // Assess
    await expect(failure).rejects.toBeInstanceOf(KnownFailure);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toMatchObject({ cause: error });
  });

  it('names a missing application', async () => {
    codedeploy
      .on(CreateDeploymentCommand)
      .rejects(new ApplicationDoesNotExistException({ message: 'No application found', $metadata: {} }));
    await expect(control.start(START)).rejects.toBeInstanceOf(DeploymentGroupNotFoundError);
  });

  it('lets throttling through unchanged, for the worker to retry', async () => {
    const throttled = new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
    codedeploy.on(CreateDeploymentCommand).rejects(throttled);
    await expect(control.start(START)).rejects.toBe(throttled);
  });
});

describe('continue', () => {
  it.each<['READY_WAIT' | 'TERMINATION_WAIT']>([['READY_WAIT'], ['TERMINATION_WAIT']])(
    'continues past %s',
    async (wait) => {
      codedeploy.on(ContinueDeploymentCommand).resolves({});
      await control.continue('d-7QX2K9ABC', wait);
      expect(codedeploy).toHaveReceivedCommandWith(ContinueDeploymentCommand, {
        deploymentId: 'd-7QX2K9ABC',
        deploymentWaitType: wait,
      });
    },
  );

  it.each<[string, Error, string]>([
    [
      'not ready',
      new DeploymentIsNotInReadyStateException({
        message: "does not have a status of Ready and can't continue yet",
        $metadata: {},
      }),
      'Deployment d-7QX2K9ABC is not ready to reroute yet.',
    ],
    [
      'already finished',
      new DeploymentAlreadyCompletedException({ message: 'The deployment is already completed', $metadata: {} }),
      'has already finished',
    ],
  ])('says when the deployment is %s', async (_case, error, message) => {
    codedeploy.on(ContinueDeploymentCommand).rejects(error);
    const failure = control.continue('d-7QX2K9ABC', 'READY_WAIT');
    await expect(failure).rejects.toBeInstanceOf(KnownFailure);
    await expect(failure).rejects.toThrow(message);
  });
});

describe('stop', () => {
  it('stops with automatic rollback and reports CodeDeploy’s answer', async () => {
    codedeploy.on(StopDeploymentCommand).resolves({ status: 'Pending', statusMessage: 'Stopping deployment' });
    await expect(control.stop('d-7QX2K9ABC', true)).resolves.toEqual({
      status: 'Pending',
      message: 'Stopping deployment',
    });
    expect(codedeploy).toHaveReceivedCommandWith(StopDeploymentCommand, {
      deploymentId: 'd-7QX2K9ABC',
      autoRollbackEnabled: true,
    });
  });

  it('says when the deployment already finished', async () => {
    codedeploy
      .on(StopDeploymentCommand)
      .rejects(new DeploymentAlreadyCompletedException({ message: 'already completed', $metadata: {} }));
    const failure = control.stop('d-7QX2K9ABC', true);
    await expect(failure).rejects.toBeInstanceOf(KnownFailure);
    await expect(failure).rejects.toThrow('nothing to stop');
  });
});
