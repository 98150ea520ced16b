import type { HttpProbe } from '../../commands/checks/types';

/** PLACEHOLDER until the HTTP probe lands. */
export function httpProbe(): HttpProbe {
  return { run: () => Promise.reject(new Error('not yet')) };
}
