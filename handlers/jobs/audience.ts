/**
 * Who hears that a job failed for good, for the jobs nobody typed (the looks that follow a question or a runbook):
 * what the audit line calls it, who asked, and how to tell them, where they are waiting for the answer. `tell` is
 * absent when the record saying where could not be read: the audit channel still hears.
 */
export interface FailureAudience {
  typed: string;
  user: string;
  env?: string;
  app?: string;
  tell?: (reason: string, next: string) => Promise<void>;
}
