import type { ByteMatchStatement, FieldToMatch, TextTransformation } from '@aws-sdk/client-wafv2';

/** The pieces of request inspection the sandbox evaluates for real: text transformations, byte matches, CIDRs. */

export interface TriedRequest {
  /** As sent: path, optionally with `?query`. */
  uri: string;
  sourceIp: string;
  /** GET unless said (the console's tried requests are GETs). */
  method?: string;
}

function urlDecode(text: string): string {
  return text.replace(/(%[0-9a-f]{2})+/gi, (escaped) => {
    try {
      return decodeURIComponent(escaped);
    } catch {
      return escaped;
    }
  });
}

/** NORMALIZE_PATH: no `//`, `./` or `../` (except a leading `..`), the trailing slash kept. */
function normalizePath(path: string): string {
  const leading = path.startsWith('/');
  const trailing = path.length > 1 && path.endsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length && out.at(-1) !== '..') out.pop();
    else if (segment !== '..' || !leading) out.push(segment);
  }
  const joined = `${leading ? '/' : ''}${out.join('/')}`;
  return trailing && joined !== '/' ? `${joined}/` : joined;
}

const TRANSFORMS: Record<string, (text: string) => string> = {
  NONE: (t) => t,
  LOWERCASE: (t) => t.toLowerCase(),
  URL_DECODE: urlDecode,
  URL_DECODE_UNI: (t) =>
    urlDecode(t.replace(/%u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))),
  NORMALIZE_PATH: normalizePath,
  NORMALIZE_PATH_WIN: (t) => normalizePath(t.replaceAll('\\', '/')),
  COMPRESS_WHITE_SPACE: (t) => t.replace(/\s+/g, ' '),
  TRIM: (t) => t.trim(),
};

/** Applies the transformations in priority order; ones the sandbox does not know leave the text as it is. */
export function transform(text: string, transformations: TextTransformation[] = []): string {
  const ordered = [...transformations].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  return ordered.reduce((current, step) => TRANSFORMS[step.Type ?? 'NONE']?.(current) ?? current, text);
}

function field(request: TriedRequest, toMatch: FieldToMatch | undefined): string {
  const [path = '', query = ''] = request.uri.split(/\?(.*)/s);
  if (toMatch?.UriPath) return path;
  if (toMatch?.QueryString || toMatch?.AllQueryArguments) return query;
  if (toMatch?.Method) return request.method ?? 'GET';
  return ''; // headers, cookies and bodies: a tried request has none
}

const isWordChar = (byte: number | undefined) => byte !== undefined && /\w/.test(String.fromCharCode(byte));

export function byteMatches(statement: ByteMatchStatement, request: TriedRequest): boolean {
  const text = Buffer.from(transform(field(request, statement.FieldToMatch), statement.TextTransformations), 'utf8');
  const search = Buffer.from(
    typeof statement.SearchString === 'string'
      ? new TextEncoder().encode(statement.SearchString)
      : (statement.SearchString ?? new Uint8Array()),
  );
  switch (statement.PositionalConstraint) {
    case 'EXACTLY':
      return text.equals(search);
    case 'STARTS_WITH':
      return text.subarray(0, search.length).equals(search);
    case 'ENDS_WITH':
      return text.length >= search.length && text.subarray(text.length - search.length).equals(search);
    case 'CONTAINS':
      return text.includes(search);
    case 'CONTAINS_WORD': {
      for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) {
        if (!isWordChar(text[at - 1]) && !isWordChar(text[at + search.length])) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

function ipv4(address: string): number | undefined {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

/** Whether `address` is in `cidr` (IPv4; an IPv6 CIDR matches only its exact /128 address). */
export function inCidr(address: string, cidr: string): boolean {
  const [base = '', bitsText = '32'] = cidr.split('/');
  const bits = Number(bitsText);
  const [ip, net] = [ipv4(address), ipv4(base)];
  if (ip === undefined || net === undefined) return address.toLowerCase() === base.toLowerCase() && bits === 128;
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(net / size);
}

/** CIDR notation WAF accepts in an IP set: any prefix but /0. */
export function isCidr(text: string): boolean {
  const [base = '', bits = ''] = text.split('/');
  const prefix = Number(bits);
  if (!/^\d{1,3}$/.test(bits) || prefix < 1) return false;
  return ipv4(base) !== undefined ? prefix <= 32 : /^[0-9a-f:]+$/i.test(base) && base.includes(':') && prefix <= 128;
}
