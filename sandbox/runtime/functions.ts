import type { APIGatewayProxyEventV2, Context, ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** A Lambda handler as AWS calls it: (event, context), async. */
export type Handler<Event, Result> = (event: Event, context: Context) => Promise<Result>;

export interface SlackResponse {
  statusCode: number;
  body: string;
  headers?: Record<string, unknown>;
}

/** The bot's five functions (serverless.yml), the very modules Lambda runs. */
export interface BotFunctions {
  slack: Handler<APIGatewayProxyEventV2, SlackResponse>;
  worker: Handler<SQSEvent, SQSBatchResponse>;
  deployEvents: Handler<unknown, unknown>;
  alarmEvents: Handler<unknown, unknown>;
  sweeper: Handler<ScheduledEvent, unknown>;
}

/** Each function's timeout in serverless.yml, which the context's remaining time counts down from. */
export const TIMEOUT_MS: Record<keyof BotFunctions, number> = {
  slack: 10_000,
  worker: 120_000,
  deployEvents: 30_000,
  alarmEvents: 30_000,
  sweeper: 60_000,
};

/**
 * Loaded only after the sandbox has set the environment: the functions read their settings (and the logger its
 * level) when first imported, as a Lambda container does at cold start.
 */
export async function loadBotFunctions(): Promise<BotFunctions> {
  const [slack, worker, deployEvents, alarmEvents, sweeper] = await Promise.all([
    import('../../functions/slack'),
    import('../../functions/worker'),
    import('../../functions/deploy-events'),
    import('../../functions/alarm-events'),
    import('../../functions/sweeper'),
  ]);
  return {
    slack: slack.handler,
    worker: worker.handler,
    deployEvents: deployEvents.handler,
    alarmEvents: alarmEvents.handler,
    sweeper: sweeper.handler,
  };
}
