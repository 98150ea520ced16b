import type { AwsEvent } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { createSlackHandler } from '../handlers/slack/app';
import { createSlackFunctionDeps } from './wiring/slack-function';
import { lambdaHandler } from '../lib/lambda';

/** HTTP API: every Slack request. Built on the first request, because the signing secret comes from SSM. */
export const handler = lambdaHandler(
  () => {
    const { secrets, deps } = createSlackFunctionDeps();
    return secrets.then((loaded) => createSlackHandler(loaded, deps));
  },
  (event: AwsEvent, handle, context) => handle(event, context),
);
