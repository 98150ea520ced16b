import type { IncomingMessage } from 'node:http';

/** Requests bigger than this are refused: the largest thing the bot sends is a graph PNG. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** What a route answers; `streaming` when the route keeps the response open itself (the event stream). */
export type Reply = { status: number; body: string | Buffer; contentType: string } | 'streaming';

export const json = (status: number, body: unknown): Reply => ({
  status,
  body: JSON.stringify(body),
  contentType: 'application/json; charset=utf-8',
});
export const text = (status: number, body: string | Buffer, contentType = 'text/plain; charset=utf-8'): Reply => ({
  status,
  body,
  contentType,
});

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** A JSON request body as an object; anything else is an empty object. */
export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(request)).toString('utf8');
  if (!raw) return {};
  const parsed = JSON.parse(raw) as unknown;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/** A string field of a JSON body, or '' when absent. */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}
