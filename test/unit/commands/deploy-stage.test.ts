import type { DeploymentStatus } from '../../../commands/ports';
import type { DeploymentDetail, InstanceProgress, Stage } from '../../../commands/deploy/ports';
import type { DeploymentOutcome } from '../../../commands/deploy/progress-view';
import { elapsed, outcomeOf, progressBar, stageOf, type StageState } from '../../../commands/deploy/stage';
import { deploymentDetail, instances } from '../../fakes/deployment-progress-views';

const NO_GREEN: InstanceProgress = {
  green: { total: 0, succeeded: 0, failed: 0, inProgress: 0 },
  blue: { total: 4, trafficBlocked: 0 },
};
const at = (stage: Stage, sawReady = false): StageState => ({ stage, sawReady });

describe('outcomeOf', () => {
  it.each<[DeploymentStatus, DeploymentOutcome]>([
    ['Created', 'running'],
    ['Queued', 'running'],
    ['InProgress', 'running'],
    ['Baking', 'running'],
    ['Ready', 'running'],
    ['Succeeded', 'succeeded'],
    ['Failed', 'failed'],
    ['Stopped', 'stopped'],
  ])('%s is %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});

describe('stageOf: each status on its own', () => {
  it.each<[string, Partial<DeploymentDetail>, InstanceProgress | undefined, StageState]>([
    ['Created', { status: 'Created' }, undefined, at('queued')],
    ['Queued', { status: 'Queued' }, undefined, at('queued')],
    ['InProgress, no green instances yet', {}, NO_GREEN, at('provisioning')],
    [
      'InProgress, progress unknown, nothing started',
      { instances: { pending: 4, inProgress: 0, succeeded: 0, failed: 0, skipped: 0, ready: 0 } },
      undefined,
      at('provisioning'),
    ],
    [
      'InProgress, progress unknown, some installing',
      { instances: { pending: 2, inProgress: 1, succeeded: 1, failed: 0, skipped: 0, ready: 0 } },
      undefined,
      at('installing'),
    ],
    ['InProgress, green installing', {}, instances(1), at('installing')],
    ['InProgress, all green installed but not Ready yet', {}, instances(4), at('installing')],
    ['Ready', { status: 'Ready' }, instances(4), at('ready', true)],
    ['InProgress with blue leaving the load balancer (Ready missed)', {}, instances(4, 1), at('rerouting')],
    ['InProgress with the termination wait started', { terminationWaitStarted: true }, instances(4, 4), at('rerouted')],
    ['Baking', { status: 'Baking' }, instances(4, 4), at('rerouted')],
    ['Succeeded', { status: 'Succeeded' }, undefined, at('done')],
    ['Failed while installing', { status: 'Failed' }, instances(2, 0, 1), at('installing')],
    ['Stopped before any instance started', { status: 'Stopped' }, undefined, at('provisioning')],
  ])('%s', (_case, overrides, progress, expected) => {
    // Act
    const state = stageOf(deploymentDetail(overrides), progress);
    // Assess
    expect(state).toEqual(expected);
  });
});

describe('stageOf: following the story', () => {
  it.each<[string, Partial<DeploymentDetail>, InstanceProgress | undefined, StageState, StageState]>([
    ['moves forward from provisioning to installing', {}, instances(1), at('provisioning'), at('installing')],
    ['Ready then InProgress is rerouting', {}, instances(4), at('ready', true), at('rerouting', true)],
    [
      'after Ready, the termination wait is rerouted',
      { terminationWaitStarted: true },
      instances(4, 4),
      at('rerouting', true),
      at('rerouted', true),
    ],
    [
      'after Ready, Baking is rerouted',
      { status: 'Baking' },
      instances(4, 4),
      at('rerouting', true),
      at('rerouted', true),
    ],
    [
      'a terminate request that worked stays terminating',
      { terminationWaitStarted: true },
      instances(4, 4),
      at('terminating', true),
      at('terminating', true),
    ],
    [
      'Succeeded after terminating is done',
      { status: 'Succeeded' },
      undefined,
      at('terminating', true),
      at('done', true),
    ],
  ])('%s', (_case, overrides, progress, previous, expected) => {
    // Act
    const state = stageOf(deploymentDetail(overrides), progress, previous);
    // Assess
    expect(state).toEqual(expected);
  });
});

describe('stageOf: never goes backwards', () => {
  it.each<[string, Partial<DeploymentDetail>, InstanceProgress | undefined, StageState, StageState]>([
    ['an older InProgress processed after SUCCESS stays done', {}, instances(2), at('done', true), at('done', true)],
    [
      'an older Queued processed after installing stays installing',
      { status: 'Queued' },
      undefined,
      at('installing'),
      at('installing'),
    ],
    [
      'an older Ready processed after rerouting stays rerouting',
      { status: 'Ready' },
      instances(4),
      at('rerouting', true),
      at('rerouting', true),
    ],
    ['counts that lag behind do not undo the ready wait', {}, instances(2), at('ready', true), at('rerouting', true)],
    ['a duplicate Ready changes nothing', { status: 'Ready' }, instances(4), at('ready', true), at('ready', true)],
    ['a duplicate installing event changes nothing', {}, instances(3), at('installing'), at('installing')],
  ])('%s', (_case, overrides, progress, previous, expected) => {
    // Act
    const state = stageOf(deploymentDetail(overrides), progress, previous);
    // Assess
    expect(state).toEqual(expected);
  });

  it.each<[string, DeploymentStatus]>([
    ['failed', 'Failed'],
    ['stopped', 'Stopped'],
  ])('a %s deployment stays at the stage it ended in, whatever the counts say', (_case, status) => {
    // Act
    const state = stageOf(deploymentDetail({ status }), instances(4, 4), at('installing'));
    // Assess
    expect(state).toEqual(at('installing'));
  });
});

describe('progressBar', () => {
  it.each<[Stage, number | undefined, string]>([
    ['queued', undefined, '░░░░░░░░░░ 0%'],
    ['installing', undefined, '▓▓▓░░░░░░░ 29%'],
    ['rerouting', undefined, '▓▓▓▓▓▓░░░░ 57%'],
    ['done', undefined, '▓▓▓▓▓▓▓▓▓▓ 100%'],
    ['ready', 7, '▓▓▓░░░░ 43%'],
  ])('%s (width %s) is %s', (stage, width, bar) => {
    expect(progressBar(stage, width)).toBe(bar);
  });
});

describe('elapsed', () => {
  const start = new Date('2026-03-02T09:00:00Z');
  const after = (seconds: number): Date => new Date(start.getTime() + seconds * 1000);

  it.each<[number, string]>([
    [0, '0s'],
    [38, '38s'],
    [60, '1m'],
    [252, '4m 12s'],
    [3600, '1h'],
    [3900, '1h 5m'],
    [-5, '0s'],
  ])('%ss is %s', (seconds, text) => {
    expect(elapsed(start, after(seconds))).toBe(text);
  });
});

describe('stageOf: a record that lacks the ready flag', () => {
  it('still treats InProgress after ready as rerouting', () => {
    expect(stageOf(deploymentDetail(), instances(4), at('ready'))).toEqual(at('rerouting', true));
  });
});
