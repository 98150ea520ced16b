import { CREDIT_ACTIONS } from '../../lib/slack/blocks/credit-actions';
import type { ActionHandler } from '../jobs/outcome';
import { askProcesses } from './ask-processes';
import { moveType } from './move-type';
import { offerTypes } from './offer-types';
import { switchCredits } from './switch-credits';

/** The CPU-credit buttons (lib/slack/blocks/credit-actions.ts), registered in handlers/jobs/run-action.ts. */
export const creditButtons: Record<string, ActionHandler> = {
  [CREDIT_ACTIONS.processes]: askProcesses,
  [CREDIT_ACTIONS.unlimited]: switchCredits('unlimited'),
  [CREDIT_ACTIONS.standard]: switchCredits('standard'),
  [CREDIT_ACTIONS.bigger]: offerTypes,
  [CREDIT_ACTIONS.biggerTo]: moveType,
};
