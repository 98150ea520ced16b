// @ts-check
import { setTimeout as sleep } from 'node:timers/promises';
import { exchange } from './http.mjs';
import { signedHeaders } from './sign.mjs';

/**
 * @typedef {{ status: number; body: Record<string, unknown> }} Answer
 * @typedef {{ baseUrl: URL; region: string; credentials: import('./sign.mjs').Credentials; retries: number;
 *   retryDelayMs: number; timeoutMs: number; warn: (line: string) => void }} ClientOptions
 */

/** @param {string} text */
function json(text) {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : { message: text };
  } catch {
    return { message: text.slice(0, 500) };
  }
}

/** A status worth asking again: throttled, or the bot (or API Gateway before it) failed. */
const retryable = (/** @type {number} */ status) => status === 429 || status >= 500;

/**
 * blueshift's CI routes, each request signed afresh (SigV4 signatures are valid for minutes only). Failures a retry
 * may fix (no answer, 429, 5xx) are retried with a growing pause: a POST is safe to repeat, it carries its key.
 * @param {ClientOptions} options
 */
export function blueshiftClient(options) {
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [payload]
   * @returns {Promise<Answer | { status: 0; body: { message: string } }>}
   */
  async function call(method, path, payload) {
    const url = new URL(`${options.baseUrl.pathname.replace(/\/+$/, '')}${path}`, options.baseUrl);
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    let last = { status: 0, body: { message: 'not sent' } };
    for (let attempt = 0; attempt <= options.retries; attempt += 1) {
      if (attempt > 0) await sleep(options.retryDelayMs * 2 ** (attempt - 1));
      try {
        const headers = await signedHeaders({
          method,
          url,
          body,
          region: options.region,
          credentials: options.credentials,
        });
        const { status, text } = await exchange({ method, url, headers, body, timeoutMs: options.timeoutMs });
        last = { status, body: json(text) };
        if (!retryable(status)) return last;
        options.warn(`${method} ${path} answered ${status}; trying again`);
      } catch (error) {
        last = { status: 0, body: { message: error instanceof Error ? error.message : String(error) } };
        options.warn(`${method} ${path} failed (${last.body.message}); trying again`);
      }
    }
    return last;
  }
  return {
    /** @param {Record<string, unknown>} request */
    submit: (request) => call('POST', '/ci/deployments', request),
    /** @param {string} id */
    state: (id) => call('GET', `/ci/deployments/${encodeURIComponent(id)}`),
  };
}
