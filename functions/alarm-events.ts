import { handleAlarmEvent } from '../handlers/events/alarm-events';
import { createAlarmEventDeps } from './wiring/alarm-events';
import { lambdaHandler } from '../lib/lambda';

/**
 * EventBridge (alarm state changes forwarded from the target accounts) and SNS (the alarms topic): posts and
 * updates alarm messages. A failure is retried by Lambda; changes already applied are then duplicates.
 */
export const handler = lambdaHandler(createAlarmEventDeps, (event: unknown, deps) => handleAlarmEvent(event, deps));
