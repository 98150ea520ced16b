import type { CheckSet } from '../../commands/checks/types';
import type { AppConfig } from './schema';

/** PLACEHOLDER until the checks configuration lands: the app's checks in one environment. */
export function checkSetFor(_app: AppConfig, _env: string): CheckSet | undefined {
  return undefined;
}
