import type { SlashCommand } from './spec';
import { deploySpec } from './specs/deploy';
import { lockSpec } from './specs/deploy-lock';
import { unlockSpec } from './specs/deploy-unlock';
import { endWatchSpec } from './specs/deploy-end-watch';
import { rollbackSpec } from './specs/rollback';
import { statusSpec } from './specs/status';
import { exemptSpec } from './specs/waf-exempt';
import { listSpec } from './specs/waf-exempt-list';
import { revokeSpec } from './specs/waf-exempt-revoke';

/**
 * Every form of every slash command, in the order help lists them. The slack function parses and authorises
 * against these; the worker runs each one's executor by its id (handlers/jobs/run-job.ts).
 */
const SPECS = [
  deploySpec,
  lockSpec,
  unlockSpec,
  endWatchSpec,
  rollbackSpec,
  exemptSpec,
  listSpec,
  revokeSpec,
  statusSpec,
] as const;

export type AnySpec = (typeof SPECS)[number];
export type SpecId = AnySpec['id'];
export type SpecOf<K extends SpecId> = Extract<AnySpec, { id: K }>;

/** The forms of a slash command: `/deploy` has its main form, `lock` and `unlock`. */
export function specsFor(command: SlashCommand): readonly AnySpec[] {
  return SPECS.filter((spec) => spec.command === command);
}

/** Every form, for checks that cover them all (the manifest test, the specs test). */
export function allSpecs(): readonly AnySpec[] {
  return SPECS;
}
