/**
 * Running a configured runbook in the environment's account, as the person who asked (lib/aws/ssm-runbooks.ts), and
 * the record of one run (lib/state/runbook-runs.ts).
 */

export type RunState = 'running' | 'success' | 'failed';

export interface RunStep {
  name: string;
  status: string;
  /** A failed step's own words. */
  failure?: string;
}

export interface RunProgress {
  state: RunState;
  /** SSM's status word: `InProgress`, `Success`, `Failed`, `TimedOut`… */
  status: string;
  steps: RunStep[];
  failure?: string;
}

export interface RunbookRunner {
  /** StartAutomationExecution; `token` (a UUID) makes a retried start the same execution. Its id. */
  startAutomation(
    document: string,
    version: string | undefined,
    parameters: Record<string, string[]>,
    token: string,
  ): Promise<string>;
  automation(executionId: string): Promise<RunProgress>;
  /** SendCommand of a configured document to the alarm's instance; the command id. */
  sendDocument(
    document: string,
    version: string | undefined,
    instanceId: string,
    parameters: Record<string, string[]>,
    comment: string,
  ): Promise<string>;
  command(commandId: string, instanceId: string): Promise<RunProgress>;
}

export interface RunbookRun {
  /** The click's job id. */
  id: string;
  env: string;
  app: string;
  runbook: string;
  label: string;
  kind: 'automation' | 'command';
  document: string;
  documentVersion?: string;
  parameters: Record<string, string[]>;
  /** For a Run Command document: the alarm's instance. */
  instanceId?: string;
  alarmName: string;
  requestedBy: string;
  approvedBy?: string;
  roleSession: string;
  at: Date;
  place: { channel: string; threadTs: string | undefined; replyTs: string };
  /** The execution or command id, once started. */
  started?: string;
  finishedAt?: Date;
}

export interface RunbookRuns {
  get(id: string): Promise<RunbookRun | undefined>;
  /** Written once per click; false when a delivery of the same click did first. */
  create(run: RunbookRun): Promise<boolean>;
  setStarted(id: string, started: string): Promise<void>;
  /** True for the one caller that marks it finished. */
  markFinished(id: string, at: Date): Promise<boolean>;
}
