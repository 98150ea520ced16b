import type { EventOrigin, SimulatedDeployment } from './codedeploy-model';
import { uuid } from './sdk-stub';
import { eventTime, template } from './templates';

/**
 * "CodeDeploy Deployment/Instance State-change Notification" events, built from the real ones in the payload
 * templates with this account's ids. They carry ids and a state, nothing more
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-cloudwatch-events.html).
 */

export type DeploymentState = 'START' | 'SUCCESS' | 'FAILURE' | 'STOP' | 'READY';
export type InstanceState = 'START' | 'SUCCESS' | 'FAILURE' | 'READY';

export type { EventOrigin } from './codedeploy-model';

interface DeploymentDetail {
  instanceGroupId: string;
  region: string;
  application: string;
  deploymentId: string;
  state: string;
  deploymentGroup: string;
}

type InstanceDetail = DeploymentDetail & { instanceId: string };

function arns(origin: EventOrigin, deployment: SimulatedDeployment) {
  const application = deployment.info.applicationName ?? '';
  const prefix = `arn:aws:codedeploy:${origin.region}:${origin.account}`;
  return {
    application: `${prefix}:application:${application}`,
    group: `${prefix}:deploymentgroup:${application}/${deployment.info.deploymentGroupName ?? ''}`,
  };
}

function detailOf(origin: EventOrigin, deployment: SimulatedDeployment, state: string): DeploymentDetail {
  return {
    instanceGroupId: deployment.instanceGroupId,
    region: origin.region,
    application: deployment.info.applicationName ?? '',
    deploymentId: deployment.info.deploymentId ?? '',
    state,
    deploymentGroup: deployment.info.deploymentGroupName ?? '',
  };
}

export function deploymentEvent(
  origin: EventOrigin,
  deployment: SimulatedDeployment,
  state: DeploymentState,
  at: Date,
) {
  const event = template<DeploymentDetail>('eventbridge__codedeploy-deployment-state-change__success__aws-docs.json');
  const { application, group } = arns(origin, deployment);
  return {
    ...event,
    id: uuid(),
    account: origin.account,
    region: origin.region,
    time: eventTime(at),
    resources: [application, group],
    detail: { ...event.detail, ...detailOf(origin, deployment, state) },
  };
}

export function instanceEvent(
  origin: EventOrigin,
  deployment: SimulatedDeployment,
  instanceId: string,
  state: InstanceState,
  at: Date,
) {
  const event = template<InstanceDetail>('eventbridge__codedeploy-instance-state-change__success__aws-docs.json');
  const { application, group } = arns(origin, deployment);
  return {
    ...event,
    id: uuid(),
    account: origin.account,
    region: origin.region,
    time: eventTime(at),
    resources: [`arn:aws:ec2:${origin.region}:${origin.account}:instance/${instanceId}`, group, application],
    detail: { ...event.detail, ...detailOf(origin, deployment, state), instanceId },
  };
}
