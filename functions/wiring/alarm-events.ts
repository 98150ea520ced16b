import type { AlarmEventDeps } from '../../handlers/alarms/deps';
import { uploadImage } from '../../lib/slack/file-upload';
import { createWorkerParts } from './worker';

/** The alarmEvents function's dependencies: the worker's, plus the graph upload over the same Slack client. */
export async function createAlarmEventDeps(): Promise<AlarmEventDeps> {
  const { deps, slack } = await createWorkerParts();
  return { ...deps, uploadImage: (image) => uploadImage(slack, image) };
}
