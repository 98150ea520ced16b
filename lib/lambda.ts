import type { Context } from 'aws-lambda';
import { logger } from './log';

/**
 * A Lambda entry point whose dependencies are built once per container, on first use. A failed build (SSM
 * unreachable, say) is forgotten, so the next invocation tries again rather than failing for the container's life.
 */
export function lambdaHandler<Deps, Event, Result>(
  build: () => Promise<Deps>,
  run: (event: Event, deps: Deps, context: Context) => Promise<Result>,
): (event: Event, context: Context) => Promise<Result> {
  let ready: Promise<Deps> | undefined;
  return async (event, context) => {
    logger.addContext(context);
    ready ??= build();
    let deps: Deps;
    try {
      deps = await ready;
    } catch (error) {
      ready = undefined;
      throw error;
    }
    try {
      return await run(event, deps, context);
    } finally {
      logger.resetKeys();
    }
  };
}
