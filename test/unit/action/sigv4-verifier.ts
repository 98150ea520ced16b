import { createHash, createHmac } from 'node:crypto';

// An independent check of a SigV4 request as AWS verifies one (https://docs.aws.amazon.com/IAM/latest/UserGuide/
// reference_sigv-create-signed-request.html), written from the specification, not from the signer the action uses.

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding of one path segment or query part, as SigV4 asks. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface Verdict {
  wellFormed: boolean;
  valid: boolean;
  accessKeyId?: string;
  region?: string;
  service?: string;
  signedHeaders?: string[];
  problem?: string;
}

/** Whether the request carries a well-formed SigV4 Authorization header whose signature `secret` produces. */
export function verifySigV4(request: ReceivedRequest, secret: string): Verdict {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const match = AUTHORIZATION.exec(header('authorization') ?? '');
  if (!match)
    return { wellFormed: false, valid: false, problem: `authorization: ${header('authorization') ?? 'none'}` };
  const [, accessKeyId = '', day = '', region = '', service = '', signed = '', signature = ''] = match;
  const amzDate = header('x-amz-date') ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || !amzDate.startsWith(day))
    return { wellFormed: false, valid: false, problem: `x-amz-date: ${amzDate}` };
  const names = signed.split(';');
  const [pathname = '', query = ''] = request.path.split('?');
  const canonicalUri = pathname
    .split('/')
    .map((segment) => encode(encode(decodeURIComponent(segment))))
    .join('/');
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((pair) =>
      pair
        .split('=')
        .map((part) => encode(decodeURIComponent(part)))
        .join('='),
    )
    .sort()
    .join('&');
  const canonicalHeaders = names
    .map((name) => `${name}:${(header(name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payload = header('x-amz-content-sha256') ?? sha256(request.body);
  const canonical = [request.method, canonicalUri, canonicalQuery, canonicalHeaders, signed, payload].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return {
    wellFormed: true,
    valid: expected === signature && payload === sha256(request.body),
    accessKeyId,
    region,
    service,
    signedHeaders: names,
  };
}
