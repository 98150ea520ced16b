import type { FilesGetUploadURLExternalResponse, WebClient } from '@slack/web-api';

export interface ImageUpload {
  channel: string;
  threadTs?: string;
  filename: string;
  title: string;
  bytes: Uint8Array;
  /** Read by screen readers in place of the image. */
  altText: string;
}

/** Slack accepted the call but the upload did not happen; the message says which step failed. */
export class SlackUploadError extends Error {
  override readonly name = 'SlackUploadError';
}

/**
 * Uploads an image with Slack's external upload flow (files.upload is retired:
 * https://api.slack.com/changelog/2024-04-a-better-way-to-upload-files-is-here-to-stay and
 * https://api.slack.com/messaging/files):
 * files.getUploadURLExternal, POST the bytes to the returned URL, files.completeUploadExternal to share it in
 * the channel. Returns the file id. Not `filesUploadV2`: it does the same steps, but its POST goes through
 * the client's own HTTP stack (no per-call timeout, nothing a test can stand in for) and it buries the file
 * id in nested arrays.
 */
export async function uploadImage(
  client: WebClient,
  image: ImageUpload,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<string> {
  const post = options.fetch ?? fetch;
  // Slack's method takes `alt_txt` (≤ 1000 characters); web-api 8's typings spell it `alt_text`, which Slack
  // ignores, so the call goes through apiCall with the documented name.
  const ticket = (await client.apiCall('files.getUploadURLExternal', {
    filename: image.filename,
    length: image.bytes.byteLength,
    alt_txt: image.altText.slice(0, 1000),
  })) as FilesGetUploadURLExternalResponse;
  const { upload_url: uploadUrl, file_id: fileId } = ticket;
  if (!uploadUrl || !fileId)
    throw new SlackUploadError(`files.getUploadURLExternal gave no upload URL for ${image.filename}`);
  const response = await post(uploadUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(image.bytes), // a copy over a plain ArrayBuffer, which is what fetch's body types accept
    // A hung upload must not eat the Lambda invocation's remaining time.
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (!response.ok) throw new SlackUploadError(`uploading ${image.filename} to Slack failed: HTTP ${response.status}`);
  const files: [{ id: string; title: string }] = [{ id: fileId, title: image.title }];
  await client.files.completeUploadExternal(
    image.threadTs
      ? { files, channel_id: image.channel, thread_ts: image.threadTs }
      : { files, channel_id: image.channel },
  );
  return fileId;
}
