/**
 * The secret values the bot holds: Slack's signing secret and bot token, its own AWS credentials and those STS
 * hands it for each role session. They are remembered where they are loaded so that nothing the bot logs, posts to
 * Slack, stores as an outcome or throws out of a function can carry them, whatever a library or a service put into
 * an error's message or metadata.
 */
const secrets = new Set<string>();
/**
 * Shorter values would blank ordinary words (the sandbox's dummy key is `sandbox`); real secrets are longer: an access
 * key id has 20 characters, a signing secret 32, a secret key 40, a token more.
 */
const MIN_LENGTH = 16;
/** Role sessions are renewed hourly for the container's life: the oldest values go first. */
const MAX_KEPT = 1_000;
const REDACTED = '[redacted]';
let pattern: RegExp | undefined;

/** Remembers secret values to redact from then on; empty and short values are ignored. */
export function keepSecret(...values: (string | undefined)[]): void {
  for (const value of values) {
    if (!value || value.length < MIN_LENGTH || secrets.has(value)) continue;
    secrets.add(value);
    pattern = undefined;
  }
  for (const oldest of secrets) {
    if (secrets.size <= MAX_KEPT) break;
    secrets.delete(oldest);
    pattern = undefined;
  }
}

/** `text` with every secret the bot holds replaced by `[redacted]`. */
export function redact(text: string): string {
  if (!secrets.size) return text;
  // Longest first, so a secret that contains another is redacted whole.
  pattern ??= new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('|'),
    'g',
  );
  return text.replace(pattern, REDACTED);
}

/** A copy of JSON-like data (a Slack message) with every string redacted. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item)) as T;
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item as unknown)])) as T;
  }
  return value;
}

/**
 * An error about to leave a function (Lambda logs it and keeps it with the failed event in the dead-letter queue),
 * redacted in place: its message, stack, cause and other fields (an SDK error's `$metadata`, say).
 */
export function redactError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redact(error) : error;
  error.message = redact(error.message);
  if (error.stack) error.stack = redact(error.stack);
  if (error.cause !== undefined)
    error.cause = error.cause instanceof Error ? redactError(error.cause) : redactField(error.cause);
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields))
    fields[key] = fields[key] instanceof Error ? redactError(fields[key]) : redactField(fields[key]);
  return error;
}

/** A field redacted when it carries a secret, left as it is (class instances and all) otherwise. */
function redactField(value: unknown): unknown {
  let json: string | undefined;
  try {
    // JSON.stringify answers undefined for undefined and functions, whatever its declared type says.
    const serialised: unknown = typeof value === 'string' ? value : JSON.stringify(value);
    json = typeof serialised === 'string' ? serialised : undefined;
  } catch {
    return REDACTED; // cannot be searched (a cycle): not worth the risk
  }
  return json === undefined || redact(json) === json ? value : redactDeep(value);
}
