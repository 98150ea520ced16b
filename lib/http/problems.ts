// A check's failure in a few plain words, for the line a channel reads (commands/checks/summary.ts escapes them).

const BODY_START_CHARS = 300;
const MESSAGE_CHARS = 120;
// Codes Node gives for a certificate or TLS handshake refused (the certificate is always verified).
const TLS_CODE = /CERT|SSL|TLS/;

/** `timed out after 5 s`. */
export function timedOut(timeoutMs: number): string {
  return `timed out after ${timeoutMs / 1000} s`;
}

/**
 * What a failed fetch says: Node's fetch throws `TypeError: fetch failed` with the socket's error as its cause,
 * whose code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…) is the useful part.
 */
export function failureOf(error: unknown): string {
  // Read by shape, not instanceof: fetch's errors may come from another realm (a test runner's sandbox).
  const { cause } = errorFields(error);
  const { code, message } = cause === undefined ? errorFields(error) : errorFields(cause);
  if (typeof code === 'string' && code !== '') {
    return TLS_CODE.test(code) ? `TLS refused: ${code}` : `could not connect: ${code}`;
  }
  const text = typeof message === 'string' ? message : String(cause ?? error);
  return `request failed: ${oneLine(text).slice(0, MESSAGE_CHARS)}`;
}

const errorFields = (value: unknown): { cause?: unknown; code?: unknown; message?: unknown } =>
  typeof value === 'object' && value !== null ? value : {};

/**
 * Where a redirect pointed, as far as a channel needs to know: its origin, and `/…` for a path or query, which
 * may carry an SSO state or a token.
 */
export function shownLocation(url: URL): string {
  return url.pathname === '/' && !url.search ? `${url.origin}/` : `${url.origin}/…`;
}

/** The first characters of a failed response's body, on one line, without control or direction characters. */
export function bodyStartOf(text: string): string {
  // By code point, so a cut never splits a surrogate pair.
  return Array.from(oneLine(text)).slice(0, BODY_START_CHARS).join('');
}

// Control characters (line breaks included) become spaces; bidirectional overrides, which could make a line read
// differently from what it says, are dropped.
const oneLine = (text: string) =>
  text
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
