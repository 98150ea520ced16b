import type { AwsEvent, AwsHandler, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Context } from 'aws-lambda';
import { createSlackHandler } from '../handlers/slack/app';
import { createSlackFunctionDeps } from '../lib/aws/slack-function-deps';
import { logger } from '../lib/log';

// Built once per container, on the first request: the secrets come from SSM, so building needs a round trip.
// A failed build is forgotten so the next request tries again instead of failing for the container's life.
let ready: Promise<AwsHandler> | undefined;

function build(): Promise<AwsHandler> {
  const { secrets, deps } = createSlackFunctionDeps();
  return secrets.then((loaded) => createSlackHandler(loaded, deps));
}

export const handler = async (event: AwsEvent, context: Context): Promise<AwsResponse> => {
  logger.addContext(context);
  ready ??= build();
  try {
    return await (await ready)(event, context);
  } catch (error) {
    ready = undefined;
    throw error;
  } finally {
    logger.resetKeys();
  }
};
