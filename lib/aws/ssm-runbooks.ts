import {
  GetAutomationExecutionCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
  StartAutomationExecutionCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { RunbookRunner, RunProgress, RunState } from '../../commands/runbooks/ports';

// GetAutomationExecution's terminal statuses for a simple runbook (Success, and the ways it ends otherwise).
const AUTOMATION_DONE: Record<string, RunState> = {
  Success: 'success',
  CompletedWithSuccess: 'success',
  Failed: 'failed',
  TimedOut: 'failed',
  Cancelled: 'failed',
  Rejected: 'failed',
  CompletedWithFailure: 'failed',
  ChangeCalendarOverrideRejected: 'failed',
  Exited: 'failed',
};
const COMMAND_DONE: Record<string, RunState> = {
  Success: 'success',
  Failed: 'failed',
  TimedOut: 'failed',
  Cancelled: 'failed',
};

/** The RunbookRunner port over SSM: only the document and parameters the configuration binds reach it. */
export function ssmRunbooks(client: SSMClient): RunbookRunner {
  return {
    async startAutomation(document, version, parameters, token) {
      const { AutomationExecutionId } = await client.send(
        new StartAutomationExecutionCommand({
          DocumentName: document,
          ...(version ? { DocumentVersion: version } : {}),
          Parameters: parameters,
          ClientToken: token,
        }),
      );
      if (!AutomationExecutionId) throw new Error('StartAutomationExecution returned no execution id');
      return AutomationExecutionId;
    },
    async automation(executionId): Promise<RunProgress> {
      const { AutomationExecution: execution } = await client.send(
        new GetAutomationExecutionCommand({ AutomationExecutionId: executionId }),
      );
      const status = execution?.AutomationExecutionStatus ?? 'Pending';
      return {
        state: AUTOMATION_DONE[status] ?? 'running',
        status,
        steps: (execution?.StepExecutions ?? []).map((step) => ({
          name: step.StepName ?? '?',
          status: step.StepStatus ?? 'Pending',
          ...(step.FailureMessage ? { failure: step.FailureMessage } : {}),
        })),
        ...(execution?.FailureMessage ? { failure: execution.FailureMessage } : {}),
      };
    },
    async sendDocument(document, version, instanceId, parameters, comment) {
      const { Command } = await client.send(
        new SendCommandCommand({
          DocumentName: document,
          ...(version ? { DocumentVersion: version } : {}),
          InstanceIds: [instanceId],
          Parameters: parameters,
          Comment: comment.slice(0, 100),
        }),
      );
      if (!Command?.CommandId) throw new Error('SendCommand returned no command id');
      return Command.CommandId;
    },
    async command(commandId, instanceId): Promise<RunProgress> {
      try {
        const found = await client.send(
          new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
        );
        const status = found.Status ?? 'Pending';
        const state = COMMAND_DONE[status] ?? 'running';
        const detail = found.StatusDetails ?? status;
        const errors = (found.StandardErrorContent ?? '').trim().slice(-300);
        return {
          state,
          status: detail,
          steps: [
            {
              name: found.PluginName ?? document(found.DocumentName),
              status: detail,
              ...(state === 'failed' && errors ? { failure: errors } : {}),
            },
          ],
        };
      } catch (error) {
        // Eventual consistency: right after SendCommand the invocation may not be visible yet.
        if (error instanceof Error && error.name === 'InvocationDoesNotExist')
          return { state: 'running', status: 'Pending', steps: [] };
        throw error;
      }
    },
  };
}

const document = (name: string | undefined) => name ?? 'command';
