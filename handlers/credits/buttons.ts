import { CREDIT_ACTIONS } from '../../lib/slack/blocks/credit-actions';
import type { ActionHandler } from '../jobs/outcome';
import { askProcesses } from './ask-processes';
import { switchCredits } from './switch-credits';

/** The CPU-credit buttons (lib/slack/blocks/credit-actions.ts), registered in handlers/jobs/run-action.ts. */
export const creditButtons: Record<string, ActionHandler> = {
  [CREDIT_ACTIONS.processes]: askProcesses,
  [CREDIT_ACTIONS.unlimited]: switchCredits('unlimited'),
  [CREDIT_ACTIONS.standard]: switchCredits('standard'),
};
