/**
 * What "What is using the CPU" asks of the environment's account (SSM Run Command, as the person who clicked) and
 * keeps in the state table. lib/aws/ssm-run-command.ts and lib/state/process-questions.ts implement them.
 */

export type InvocationState = 'pending' | 'success' | 'failed';

export interface Invocation {
  state: InvocationState;
  /** Run Command's own words when it did not succeed: `Access Denied`, `Undeliverable`, `Execution Timed Out`… */
  detail?: string;
  output: string;
}

export interface ProcessLister {
  /**
   * Sends the fixed process listing (commands/processes/report.ts PROCESS_COMMAND, nothing else) to the instances;
   * the command's id. `comment` names who asked, for Run Command's history.
   */
  send(instanceIds: string[], comment: string): Promise<string>;
  /** One instance's invocation of that command; `pending` while Run Command has not finished (or not yet seen) it. */
  invocation(commandId: string, instanceId: string): Promise<Invocation>;
}

/** Where the answer goes: the thread of the message the button was on, or only to the person (an ephemeral one). */
export type AnswerPlace =
  | { kind: 'thread'; channel: string; threadTs: string; replyTs: string }
  | { kind: 'ephemeral'; channel: string; user: string; responseUrl?: string };

export interface AskedInstance {
  id: string;
  type?: string;
  group: string;
}

/** One click on "What is using the CPU", from the click until its answer. */
export interface ProcessQuestion {
  /** The click's job id. */
  id: string;
  env: string;
  app: string;
  askedBy: string;
  askedAt: Date;
  roleSession: string;
  /** Instances whose SSM agent is online: the command went to them. */
  asked: AskedInstance[];
  /** Instances it did not go to, with their agent's ping status (`ConnectionLost`, `NotRegistered`…). */
  unreachable: (AskedInstance & { ping: string })[];
  /** Running instances left out because of `processes.maxInstances`. */
  leftOut: number;
  place: AnswerPlace;
  commandId?: string;
  answeredAt?: Date;
}

export interface ProcessQuestions {
  get(id: string): Promise<ProcessQuestion | undefined>;
  /** Writes the question once; false when a delivery of the same click already did (it is read back then). */
  create(question: ProcessQuestion): Promise<boolean>;
  setCommand(id: string, commandId: string): Promise<void>;
  /** True for the one caller that marks it answered. */
  markAnswered(id: string, at: Date): Promise<boolean>;
}
