import {
  AutomationExecutionNotFoundException,
  GetAutomationExecutionCommand,
  InvalidAutomationExecutionParametersException,
  InvalidDocument,
  StartAutomationExecutionCommand,
  type GetAutomationExecutionCommandInput,
  type SSMClient,
  type StartAutomationExecutionCommandInput,
} from '@aws-sdk/client-ssm';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { Fleet } from './fleet';
import { answer, errorMeta, uuid } from './sdk-stub';

/**
 * SSM Automation on the simulated account, for the runbook sandbox/config.yml puts on web's CPU alarms: the team's
 * own document `edu-web-CollectAgentLogs` (AutoScalingGroupName, S3Bucket). StartAutomationExecution starts it (the
 * same ClientToken is the same execution); GetAutomationExecution shows its steps, one finishing per step of the
 * sandbox: the group is read (it fails there, naming the group, when the group does not exist), the agents' logs are
 * gathered with Run Command from the instances whose SSM agent is online, then uploaded. It changes nothing in the
 * simulated fleet. Another document is InvalidDocument, as SSM answers for a document the account does not have.
 */
export const AGENT_LOGS_DOCUMENT = 'edu-web-CollectAgentLogs';
const STEPS = [
  { name: 'describeGroup', action: 'aws:executeAwsApi' },
  { name: 'collectAgentLogs', action: 'aws:runCommand' },
  { name: 'uploadToS3', action: 'aws:executeScript' },
] as const;

interface Execution {
  id: string;
  startedAt: number;
  parameters: Record<string, string[]>;
  /** The step that fails, with SSM's message, when the group is not there. */
  failure?: { step: number; message: string };
  online: number;
}

export class Automations {
  private readonly executions = new Map<string, Execution>();
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly fleet: Fleet,
    private readonly stepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  start(input: StartAutomationExecutionCommandInput) {
    if (input.DocumentName !== AGENT_LOGS_DOCUMENT)
      throw new InvalidDocument({ message: `Document ${input.DocumentName ?? ''} does not exist`, ...errorMeta });
    const parameters = input.Parameters ?? {};
    const missing = ['AutoScalingGroupName', 'S3Bucket'].filter((name) => !parameters[name]?.[0]);
    if (missing.length)
      throw new InvalidAutomationExecutionParametersException({
        message: `Parameters ${missing.join(', ')} are required`,
        ...errorMeta,
      });
    const known = input.ClientToken ? this.tokens.get(input.ClientToken) : undefined;
    if (known) return { AutomationExecutionId: known };
    const group = parameters.AutoScalingGroupName?.[0] ?? '';
    const execution: Execution = {
      id: uuid(),
      startedAt: this.now(),
      parameters,
      online: this.fleet.members(group).filter((instance) => instance.agent === 'Online').length,
      ...(this.fleet.groups.has(group)
        ? {}
        : {
            failure: {
              step: 0,
              message: `Step fails when it is Execute/Poll API. AutoScalingGroupName ${group} does not exist.`,
            },
          }),
    };
    this.executions.set(execution.id, execution);
    if (input.ClientToken) this.tokens.set(input.ClientToken, execution.id);
    return { AutomationExecutionId: execution.id };
  }

  get(input: GetAutomationExecutionCommandInput) {
    const execution = this.executions.get(input.AutomationExecutionId ?? '');
    if (!execution)
      throw new AutomationExecutionNotFoundException({
        message: `Automation execution ${input.AutomationExecutionId ?? ''} not found`,
        ...errorMeta,
      });
    const done = Math.floor((this.now() - execution.startedAt) / this.stepMs);
    const failedAt = execution.failure && done > execution.failure.step ? execution.failure.step : undefined;
    const steps = STEPS.map((step, index) => {
      const status =
        failedAt !== undefined
          ? index < failedAt
            ? 'Success'
            : index === failedAt
              ? 'Failed'
              : 'Pending'
          : index < done
            ? 'Success'
            : index === done
              ? 'InProgress'
              : 'Pending';
      return {
        StepName: step.name,
        Action: step.action,
        StepStatus: status,
        ...(status === 'Failed' ? { FailureMessage: execution.failure?.message } : {}),
        ...(status === 'Success' && step.name === 'collectAgentLogs'
          ? { Outputs: { InstancesAsked: [String(execution.online)] } }
          : {}),
      };
    });
    const status = failedAt !== undefined ? 'Failed' : done >= STEPS.length ? 'Success' : 'InProgress';
    return {
      AutomationExecution: {
        AutomationExecutionId: execution.id,
        DocumentName: AGENT_LOGS_DOCUMENT,
        DocumentVersion: '1',
        ExecutionStartTime: new Date(execution.startedAt),
        AutomationExecutionStatus: status,
        Parameters: execution.parameters,
        StepExecutions: steps,
        ...(failedAt !== undefined ? { FailureMessage: execution.failure?.message } : {}),
      },
    };
  }
}

/** Installs Automation on the simulated SSM (the stub sandbox/aws/fleet-clients.ts made). */
export function answerAutomation(ssm: AwsClientStub<SSMClient>, fleet: Fleet, stepMs: number): void {
  const automations = new Automations(fleet, stepMs);
  ssm
    .on(StartAutomationExecutionCommand)
    .callsFake(answer((input: StartAutomationExecutionCommandInput) => automations.start(input)));
  ssm
    .on(GetAutomationExecutionCommand)
    .callsFake(answer((input: GetAutomationExecutionCommandInput) => automations.get(input)));
}
