import type { CommandSpec, SlashCommand } from './spec';
import * as deploy from './deploy/deploy';
import { lockSpec, unlockSpec } from './deploy/lock';
import * as rollback from './deploy/rollback';
import { spec as status } from './status';
import * as waf from './waf/specs';

/** Every slash command the Slack app declares (manifest.yml), and the forms each one takes. */
export const SLASH_COMMANDS: readonly SlashCommand[] = ['deploy', 'rollback', 'waf-exempt', 'status'];

const SPECS: Record<SlashCommand, readonly CommandSpec[]> = {
  deploy: [deploy.spec, lockSpec, unlockSpec],
  rollback: [rollback.spec],
  'waf-exempt': [waf.exemptSpec, waf.listSpec, waf.revokeSpec],
  status: [status],
};

/** The forms of a slash command; empty while it is not built yet. */
export function specsFor(command: SlashCommand): readonly CommandSpec[] {
  return SPECS[command];
}
