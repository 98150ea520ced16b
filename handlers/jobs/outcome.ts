import type { AuditDecision } from '../../commands/ports';
import type { RequestGate } from '../../commands/requests';
import type { ArgsOf, CommandSpec } from '../../commands/spec';
import type { BlueshiftConfig } from '../../lib/config/schema';
import type { SlackMessage } from '../../lib/slack/blocks/kit';
import type { Preview } from '../../lib/slack/blocks/request';
import type { WorkerDeps } from './deps';
import type { ActionJob, CommandJob } from '../../commands/job';

/** What people already said yes to when a command runs again after a confirmation or an approval. */
export interface Grant {
  requestId: string;
  confirmedBy: string | undefined;
  approvedBy: string | undefined;
  /** Gate-specific yeses, e.g. `alarms-firing` when the requester pressed "Deploy anyway". */
  grants: string[];
}

export interface Execution {
  job: CommandJob;
  config: BlueshiftConfig;
  deps: WorkerDeps;
  grant: Grant | undefined;
}

/** How a command ended: an answer for the requester, or a question for a person first. */
export type Outcome =
  | {
      kind: 'reply';
      message: SlackMessage;
      /** `in_channel` also tells the channel (a deployment started); the default answers only the requester. */
      visibility?: 'ephemeral' | 'in_channel';
      audit?: { decision: AuditDecision; detail: string; deploymentId?: string; roleSession?: string };
    }
  | { kind: 'gate'; gate: RequestGate; preview: Preview; grants?: string[] };

/** Runs one form of a command with the arguments its spec declares; the outcome is an answer, or a gate first. */
export type Executor<S extends CommandSpec> = (args: ArgsOf<S>, execution: Execution) => Promise<Outcome>;

export function reply(message: SlackMessage, audit?: Extract<Outcome, { kind: 'reply' }>['audit']): Outcome {
  return audit ? { kind: 'reply', message, audit } : { kind: 'reply', message };
}

/**
 * The gate a change must pass next: the requester's own confirmation when the command previews first, then a
 * second person's approval on protected environments; undefined when it may go ahead now.
 */
export function nextGate(
  protectedEnv: boolean,
  grant: Grant | undefined,
  previewFirst: boolean,
): 'confirmation' | 'approval' | undefined {
  if (previewFirst && !grant?.confirmedBy) return 'confirmation';
  if (protectedEnv && !grant?.approvedBy) return 'approval';
  return undefined;
}

/**
 * What a button does, decided and authorised by the worker (the slack function only queues the click). `grant` is
 * set when the click runs again after an approval it asked for (moving alarms on a protected environment).
 */
export type ActionHandler = (job: ActionJob, deps: WorkerDeps, grant?: Grant) => Promise<string>;
