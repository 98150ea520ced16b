import type { EnvironmentConfig } from '../../lib/config/schema';
import type { DeploymentStatus } from '../ports';
import type { CiActor } from './principal';
import type { PendingRequest } from '../requests';
import type { CiRequest } from './request';

/**
 * The states `GET /ci/deployments/{id}` answers (docs/decisions/0022). `queued`: accepted, blueshift has not decided
 * yet (or was approved and is starting it). The rest follow the approval request, then CodeDeploy.
 */
export const CI_STATES = [
  'queued',
  'awaiting-approval',
  'rejected',
  'expired',
  'refused',
  'running',
  'ready',
  'succeeded',
  'failed',
  'rolled-back',
] as const;
export type CiState = (typeof CI_STATES)[number];

/** States after which nothing changes any more: the CI job stops waiting. */
export const FINAL_CI_STATES: readonly CiState[] = [
  'rejected',
  'expired',
  'refused',
  'succeeded',
  'failed',
  'rolled-back',
];

/** What CodeDeploy says of the deployment, as the state needs it. */
export interface DeploymentFacts {
  status: DeploymentStatus;
  rolledBackBy: string | undefined;
  error: string | undefined;
}

/** CodeDeploy's view of a CI request's deployment, read in its environment's account as the CI role (lib/aws). */
export interface CiDeploymentReader {
  facts(envName: string, env: EnvironmentConfig, actor: CiActor, deploymentId: string): Promise<DeploymentFacts>;
}

export interface CiStateView {
  id: string;
  state: CiState;
  app: string;
  env: string;
  revision: string;
  commit?: string;
  reason?: string;
  deploymentId?: string;
  approval?: { requestId: string; expiresAt: string; decidedBy?: string };
  updatedAt: string;
}

/**
 * A deployment's CodeDeploy status as a CI state: `ready` while green waits at Ready for someone to reroute traffic;
 * `rolled-back` when CodeDeploy rolled it back (automatically, or Stop & roll back); other ends are `failed`.
 */
export function deploymentState(
  facts: DeploymentFacts,
): Extract<CiState, 'running' | 'ready' | 'succeeded' | 'failed' | 'rolled-back'> {
  switch (facts.status) {
    case 'Ready':
      return 'ready';
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
    case 'Stopped':
      return facts.rolledBackBy ? 'rolled-back' : 'failed';
    default:
      return 'running';
  }
}

function approvalState(approval: PendingRequest | undefined, now: Date): { state: CiState; reason?: string } {
  if (!approval) return { state: 'expired', reason: 'the approval request is gone (older than 30 days)' };
  switch (approval.status) {
    case 'rejected':
      return { state: 'rejected', reason: `rejected in Slack by ${approval.decidedBy ?? 'an approver'}` };
    case 'expired':
      return { state: 'expired', reason: 'no approver answered within 30 minutes' };
    case 'approved':
      return { state: 'queued', reason: `approved in Slack by ${approval.decidedBy ?? 'an approver'}; starting` };
    case 'pending':
      // The sweeper marks it expired within a minute; an approval after the deadline is refused anyway.
      return approval.deadline <= now
        ? { state: 'expired', reason: 'no approver answered within 30 minutes' }
        : { state: 'awaiting-approval', reason: 'waiting for an approver in Slack' };
  }
}

/** The public state of a CI request, from its record, its approval request and (once started) CodeDeploy. */
export function ciStateOf(
  request: CiRequest,
  approval: PendingRequest | undefined,
  deployment: DeploymentFacts | undefined,
  now: Date,
): CiStateView {
  const base: CiStateView = {
    id: request.id,
    state: 'queued',
    app: request.app,
    env: request.env,
    revision: request.revision,
    ...(request.commit ? { commit: request.commit } : {}),
    updatedAt: request.updatedAt.toISOString(),
  };
  const withApproval =
    request.approval && approval
      ? {
          approval: {
            requestId: approval.id,
            expiresAt: approval.deadline.toISOString(),
            ...(approval.decidedBy ? { decidedBy: approval.decidedBy } : {}),
          },
        }
      : {};
  switch (request.status) {
    case 'queued':
      return base;
    case 'refused':
    case 'failed':
      return { ...base, state: request.status, reason: request.reason ?? 'no reason was recorded' };
    case 'awaiting-approval':
      return { ...base, ...withApproval, ...approvalState(approval, now) };
    case 'started': {
      const started = { ...base, ...withApproval, deploymentId: request.deploymentId ?? '' };
      if (!deployment) return { ...started, state: 'running' };
      const state = deploymentState(deployment);
      const reason =
        state === 'rolled-back'
          ? `CodeDeploy rolled it back (rollback ${deployment.rolledBackBy ?? ''})${deployment.error ? `: ${deployment.error}` : ''}`
          : state === 'failed'
            ? `CodeDeploy ended it ${deployment.status.toLowerCase()}${deployment.error ? `: ${deployment.error}` : ''}`
            : state === 'ready'
              ? 'green is ready: waiting for Reroute traffic in Slack'
              : undefined;
      return { ...started, state, ...(reason ? { reason } : {}) };
    }
  }
}
