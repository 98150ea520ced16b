// @ts-check
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * One HTTP exchange with exactly the headers given (the signed `host` among them), which Node's fetch would not
 * allow: a signature covers the headers as sent.
 * @param {{ method: string; url: URL; headers: Record<string, string>; body: string | undefined; timeoutMs: number }} input
 * @returns {Promise<{ status: number; text: string }>}
 */
export function exchange({ method, url, headers, body, timeoutMs }) {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { method, headers, timeout: timeoutMs }, (response) => {
      /** @type {Buffer[]} */
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
