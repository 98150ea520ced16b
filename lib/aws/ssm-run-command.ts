import { GetCommandInvocationCommand, SendCommandCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { Invocation, ProcessLister } from '../../commands/processes/ports';
import { PROCESS_COMMAND } from '../../commands/processes/report';

/** The AWS-owned document that runs shell lines on Linux; its only parameter blueshift sets is the fixed command. */
export const RUN_SHELL_DOCUMENT = 'AWS-RunShellScript';
// The script itself stops after 30 s; Run Command gives up delivering after 60 s (SendCommand's minimum is 30).
const EXECUTION_TIMEOUT_SECONDS = '30';
const DELIVERY_TIMEOUT_SECONDS = 60;

const PENDING = new Set(['Pending', 'InProgress', 'Delayed', 'Cancelling']);

/**
 * Run Command follows an eventual consistency model: right after SendCommand, GetCommandInvocation may answer
 * InvocationDoesNotExist for a while (GetCommandInvocation in the SSM API reference). That is "not yet", not a
 * failure.
 */
const notYetVisible = (error: unknown) => error instanceof Error && error.name === 'InvocationDoesNotExist';

/**
 * The ProcessLister port over SSM Run Command. The document, its parameters and the timeouts are constants here and
 * in commands/processes/report.ts: a caller chooses only which of the group's instances, and the comment.
 */
export function ssmProcessLister(client: SSMClient): ProcessLister {
  return {
    async send(instanceIds, comment) {
      const { Command } = await client.send(
        new SendCommandCommand({
          DocumentName: RUN_SHELL_DOCUMENT,
          InstanceIds: instanceIds,
          Parameters: { commands: [PROCESS_COMMAND], executionTimeout: [EXECUTION_TIMEOUT_SECONDS] },
          TimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
          Comment: comment.slice(0, 100),
        }),
      );
      if (!Command?.CommandId) throw new Error('SendCommand returned no command id');
      return Command.CommandId;
    },
    async invocation(commandId, instanceId): Promise<Invocation> {
      try {
        const found = await client.send(
          new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
        );
        const status = found.Status ?? 'Pending';
        const output = found.StandardOutputContent ?? '';
        if (PENDING.has(status)) return { state: 'pending', output: '' };
        if (status === 'Success') return { state: 'success', output };
        return {
          state: 'failed',
          detail: found.StatusDetails === undefined || found.StatusDetails === '' ? status : found.StatusDetails,
          output,
        };
      } catch (error) {
        if (notYetVisible(error)) return { state: 'pending', output: '' };
        throw error;
      }
    },
  };
}
