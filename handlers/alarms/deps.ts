import type { ImageUpload } from '../../lib/slack/file-upload';
import type { AccountDeps, WorkerDeps } from '../jobs/deps';

/**
 * The alarmEvents function's dependencies: the worker's state, Slack and configuration, its alarm accounts for the
 * diagnosis and the graph only (functions/wiring/alarm-events.ts builds no other client), and Slack's file upload.
 */
export interface AlarmEventDeps
  extends Pick<WorkerDeps, 'config' | 'store' | 'replies' | 'describeError' | 'now'>, AccountDeps<'insights'> {
  /** Uploads an image into a channel or thread (lib/slack/file-upload.ts); returns the file id. */
  uploadImage(image: ImageUpload): Promise<string>;
}
