// @ts-check
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from './sha256.mjs';

/** @typedef {{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }} Credentials */

/**
 * The headers of a request signed with SigV4 for an API Gateway route authorised by IAM: service `execute-api`,
 * the API's region, the role's temporary credentials (their session token goes in X-Amz-Security-Token).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 * @param {{ method: string; url: URL; body: string | undefined; region: string; credentials: Credentials;
 *   now?: Date }} request
 * @returns {Promise<Record<string, string>>}
 */
export async function signedHeaders({ method, url, body, region, credentials, now }) {
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  /** @type {Record<string, string>} */
  const headers = { host: url.host };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const signed = await signer.sign(
    {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    },
    now ? { signingDate: now } : {},
  );
  return signed.headers;
}
