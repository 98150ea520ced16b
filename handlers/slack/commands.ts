import type App from '@slack/bolt/dist/App';
import type { SlashCommand as SlackSlashCommand } from '@slack/bolt/dist/types';
import { authorise, type Directory } from '../../commands/access';
import { parseCommand } from '../../commands/grammar';
import { specsFor } from '../../commands/registry';
import { SLASH_COMMANDS, typedCommand, type ParsedArgs, type SlashCommand } from '../../commands/spec';
import type { BlueshiftConfig } from '../../lib/config/schema';
import { logger } from '../../lib/log';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import {
  failureMessage,
  helpMessage,
  refusalMessage,
  usageErrorMessage,
  workingMessage,
} from '../../lib/slack/blocks/usage';
import type { JobQueue } from '../../commands/job';

export interface CommandListenerDeps {
  config(): Promise<BlueshiftConfig>;
  queue: JobQueue;
  directory: Directory;
  now(): Date;
}

/** The job id: Slack's trigger_id is unique per invocation, so a delivered-twice job is recognised. */
function jobId(command: SlackSlashCommand): string {
  return `cmd-${command.team_id}-${command.trigger_id}`.replace(/[^\w.-]/g, '_').slice(0, 128);
}

/**
 * Everything the slack function does for a slash command, all local and fast: parse, authorise, queue, answer.
 * The answer is the ack itself, so it reaches Slack within its 3 seconds; the worker replies with the result.
 */
async function answer(
  name: SlashCommand,
  command: SlackSlashCommand,
  deps: CommandListenerDeps,
): Promise<SlackMessage> {
  const typed = typedCommand({ command: name, text: command.text });
  const config = await deps.config();
  const specs = specsFor(name);
  if (!specs.length) return refusalMessage(typed, `\`/${name}\` is not available in this version of blueshift yet.`);
  const parsed = parseCommand(name, command.text, specs, config);
  if (parsed.kind === 'help') return helpMessage(name, specs);
  if (parsed.kind === 'usage-error') return usageErrorMessage(name, command.text, parsed.spec, parsed.problem);
  const actor = { id: command.user_id, channel: command.channel_id };
  const decision = await authorise(parsed.spec, parsed.args, actor, config, deps.directory);
  const at = deps.now().toISOString();
  if (!decision.allowed) {
    const named: Readonly<ParsedArgs> = parsed.args;
    const entry = {
      at,
      user: command.user_id,
      command: typed,
      decision: 'refused' as const,
      detail: decision.reason,
      env: named.env,
      app: named.app,
    };
    // The person still learns why, even if the audit record could not be queued (the log keeps it then).
    await deps.queue.send({ kind: 'audit', id: `${jobId(command)}-refusal`, entry }).catch((error: unknown) => {
      logger.error('refusal not audited: the jobs queue refused it', { error, entry });
    });
    return refusalMessage(typed, decision.reason);
  }
  await deps.queue.send({
    kind: 'command',
    id: jobId(command),
    command: name,
    text: command.text,
    actor: { id: command.user_id, name: command.user_name },
    channel: command.channel_id,
    responseUrl: command.response_url,
    requestedAt: at,
  });
  return workingMessage(typed);
}

export function register(app: App, deps: CommandListenerDeps): void {
  for (const name of SLASH_COMMANDS) {
    app.command(`/${name}`, async ({ command, ack }) => {
      logger.appendKeys({ user: command.user_id, channel: command.channel_id, command: `/${name}` });
      let message: SlackMessage;
      try {
        message = await answer(name, command, deps);
      } catch (error) {
        logger.error('slash command failed before it was queued', { error });
        message = failureMessage(
          typedCommand({ command: name, text: command.text }),
          'blueshift could not accept it (nothing was changed)',
          'Try again in a minute; if it keeps failing, tell the blueshift operators.',
        );
      }
      await ack({ response_type: 'ephemeral', ...message });
    });
  }
}
