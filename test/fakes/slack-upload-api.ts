import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for Slack's external file upload: files.getUploadURLExternal, the POST of the bytes to
 * the upload URL it hands out, and files.completeUploadExternal. It records every call.
 */
export interface UploadApiCall {
  method: 'files.getUploadURLExternal' | 'files.completeUploadExternal' | 'upload' | 'unknown';
  path: string;
  args: Record<string, unknown>;
}

export interface ReceivedUpload {
  fileId: string;
  bytes: Buffer;
  contentType?: string;
}

export interface SlackUploadApiFake {
  /** Base for WebClient's slackApiUrl (`http://127.0.0.1:<port>/api/`). */
  apiUrl: string;
  calls: UploadApiCall[];
  uploads: ReceivedUpload[];
  /** The next upload POST answers with this HTTP status. */
  failNextUpload(status: number): void;
  stop(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** WebClient posts form fields; JSON-valued ones (`files`) are decoded so tests can assert on them. */
function formArgs(raw: Buffer): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw.toString('utf8')))
    args[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  return args;
}

export async function startSlackUploadApi(): Promise<SlackUploadApiFake> {
  const calls: UploadApiCall[] = [];
  const uploads: ReceivedUpload[] = [];
  const issued = new Set<string>();
  let nextUploadStatus: number | undefined;
  let base = '';

  const answer = (path: string, raw: Buffer, contentType: string | undefined): { status: number; body: unknown } => {
    const uploadId = /^\/upload\/(F\w+)$/.exec(path)?.[1];
    if (uploadId) {
      calls.push({ method: 'upload', path, args: { length: raw.length } });
      const status = nextUploadStatus ?? (issued.has(uploadId) ? 200 : 404);
      nextUploadStatus = undefined;
      if (status === 200) uploads.push({ fileId: uploadId, bytes: raw, contentType });
      return { status, body: status === 200 ? `OK - ${raw.length}` : 'upload failed' };
    }
    const method = path.replace(/^\/api\//, '');
    const args = formArgs(raw);
    if (method === 'files.getUploadURLExternal') {
      calls.push({ method, path, args });
      const fileId = `F0GRAPH${String(issued.size + 1).padStart(4, '0')}`;
      issued.add(fileId);
      return { status: 200, body: { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId } };
    }
    if (method === 'files.completeUploadExternal') {
      calls.push({ method, path, args });
      const files = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
      const unknown = files.some((file) => !uploads.some((upload) => upload.fileId === file.id));
      return {
        status: 200,
        body:
          unknown || !files.length
            ? { ok: false, error: 'file_not_found' }
            : { ok: true, files: files.map((file) => ({ id: file.id, title: file.title })) },
      };
    }
    calls.push({ method: 'unknown', path, args });
    return { status: 200, body: { ok: false, error: 'unknown_method' } };
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request).then((raw) => {
      const { status, body } = answer(request.url ?? '/', raw, request.headers['content-type']);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      response
        .writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' })
        .end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    calls,
    uploads,
    failNextUpload: (status) => {
      nextUploadStatus = status;
    },
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
