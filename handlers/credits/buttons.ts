import { CREDIT_ACTIONS } from '../../lib/slack/blocks/credit-actions';
import type { ActionHandler } from '../jobs/outcome';
import { askProcesses } from './ask-processes';

/** The CPU-credit buttons (lib/slack/blocks/credit-actions.ts), registered in handlers/jobs/run-action.ts. */
export const creditButtons: Record<string, ActionHandler> = {
  [CREDIT_ACTIONS.processes]: askProcesses,
};
