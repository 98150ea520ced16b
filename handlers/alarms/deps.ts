import type { ImageUpload } from '../../lib/slack/file-upload';
import type { WorkerDeps } from '../jobs/deps';

/** The alarmEvents function's dependencies: the worker's, plus Slack's file upload for the graph. */
export interface AlarmEventDeps extends WorkerDeps {
  /** Uploads an image into a channel or thread (lib/slack/file-upload.ts); returns the file id. */
  uploadImage(image: ImageUpload): Promise<string>;
}
