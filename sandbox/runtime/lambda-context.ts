import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** The Lambda context each invocation gets: a fresh request id, and the time left under the function's timeout. */
export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const context: Omit<Context, 'done' | 'fail' | 'succeed'> = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: `blueshift-sandbox-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-northeast-2:999999999999:function:blueshift-sandbox-${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/blueshift-sandbox-${functionName}`,
    logStreamName: 'sandbox',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  return context as Context; // done/fail/succeed are the deprecated callback API no handler here uses
}
