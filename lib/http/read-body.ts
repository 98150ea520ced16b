/** The start of a response body: at most `capBytes` are read, then the stream is cancelled (the rest never comes). */
export interface BodyStart {
  text: string;
  /** The body went on past the cap. */
  cut: boolean;
}

/**
 * Reads a body through its stream up to `capBytes`, so a page that streams megabytes costs no more than the cap:
 * cancelling the stream closes the connection. Rejects when the stream fails (a reset, the request's signal).
 */
export async function readBodyStart(body: ReadableStream<Uint8Array> | null, capBytes: number): Promise<BodyStart> {
  if (!body) return { text: '', cut: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  try {
    while (size < capBytes) {
      const chunk = await reader.read();
      if (chunk.done) {
        ended = true;
        break;
      }
      chunks.push(chunk.value);
      size += chunk.value.byteLength;
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(size, capBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
  }
  // Not fatal: a page in another encoding, or a character cut at the cap, still reads as text.
  return { text: new TextDecoder().decode(bytes), cut: !ended };
}

/** Drops a body unread, so its connection is freed (or closed) now rather than when it is garbage collected. */
export async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
