import { escape } from '../../lib/mrkdwn';
import { MARKER_PREFIX, refusal, type Refusal } from './exemption';
import type { Statement, TextTransformation } from './types';

/**
 * The statement that says "this request is exempt", and how blueshift recognises it later.
 *
 * Path match: `OR[ path EXACTLY /admin, path STARTS_WITH /admin/ ]`, so /admin-old and /administrator stay
 * protected. Transformations: URL_DECODE then NORMALIZE_PATH, and deliberately no LOWERCASE.
 * - URL_DECODE first, or `/admin/%2e%2e/secret` would look like it is under /admin while the server serves /secret.
 * - NORMALIZE_PATH folds `//` and `..`, so `/admin/../secret` is not exempt either.
 * - No LOWERCASE: the exemption covers the path exactly as typed. On a case-sensitive server /ADMIN is another
 *   resource, and lowercasing would let it skip the rule group too. A case variant that is not exempted is only
 *   still blocked, which is the safe way to be wrong.
 *
 * Recognition: statements carry no names, so every piece blueshift adds carries a marker, a LabelMatchStatement
 * for `blueshift:exemption:<id>`, OR-ed into the path match. No rule adds that label, so the OR means the same
 * with or without it (it costs 1 WCU). Finding blueshift's pieces then needs only the web ACL itself: revert
 * works after other rules were added, removed, renumbered or reordered, and after our own record was written by
 * an older version. Keeping "before/after" fragments in the record instead breaks when two exemptions stack on
 * the same group and are reverted in another order, and it cannot tell what is ours in a web ACL someone edited.
 */
const PATH_TRANSFORMATIONS: readonly TextTransformation[] = [
  { Priority: 0, Type: 'URL_DECODE' },
  { Priority: 1, Type: 'NORMALIZE_PATH' },
];
// SearchString is at most 200 bytes, and the STARTS_WITH match adds a '/'.
const MAX_PATH_BYTES = 199;
const UNSAFE = /[\s%?#\\\p{Cc}]/u;
const encoder = new TextEncoder();

/** The path an exemption covers, without trailing slashes; or why it cannot be one. */
export function exemptPath(input: string): string | Refusal {
  const path = input.replace(/\/+$/, '');
  // A refusal is mrkdwn: the path as typed is escaped, so a `<!channel>` in it stays text.
  const bad = (why: string): Refusal => refusal('invalid-path', `\`${escape(input)}\` ${why}`);
  if (!input.startsWith('/')) return bad('is not a URI path: it must start with `/`.');
  if (path === '') return bad('would exempt every path; name the path that needs it, like `/admin`.');
  if (UNSAFE.test(path)) return bad('must be a plain path: no spaces, `%` escapes, `?` query or `#` fragment.');
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..'))
    return bad('must not contain `//`, `.` or `..` segments.');
  if (encoder.encode(path).length > MAX_PATH_BYTES) return bad(`is longer than WAF matches (${MAX_PATH_BYTES} bytes).`);
  return path;
}

function pathByteMatch(constraint: 'EXACTLY' | 'STARTS_WITH', text: string): Statement {
  return {
    ByteMatchStatement: {
      SearchString: encoder.encode(text),
      FieldToMatch: { UriPath: {} },
      TextTransformations: PATH_TRANSFORMATIONS.map((t) => ({ ...t })),
      PositionalConstraint: constraint,
    },
  };
}

export function markerStatement(id: string): Statement {
  return { LabelMatchStatement: { Scope: 'LABEL', Key: `${MARKER_PREFIX}${id}` } };
}

/**
 * `NOT(path under <path> [AND source IP in <ipSetArn>])` with the exemption's marker: ANDed into a scope-down it
 * makes the group skip exempt requests; ANDed into the label rule it keeps exempt requests from being blocked.
 */
export function exemptionPiece(id: string, path: string, ipSetArn?: string): Statement {
  const paths: Statement = {
    OrStatement: {
      Statements: [pathByteMatch('EXACTLY', path), pathByteMatch('STARTS_WITH', `${path}/`), markerStatement(id)],
    },
  };
  const match: Statement = ipSetArn
    ? { AndStatement: { Statements: [paths, { IPSetReferenceStatement: { ARN: ipSetArn } }] } }
    : paths;
  return { NotStatement: { Statement: match } };
}

function markerIn(statement: Statement): string | undefined {
  const key = statement.LabelMatchStatement?.Key;
  if (key?.startsWith(MARKER_PREFIX)) return key.slice(MARKER_PREFIX.length);
  const children = [...(statement.AndStatement?.Statements ?? []), ...(statement.OrStatement?.Statements ?? [])];
  for (const child of children) {
    const id = markerIn(child);
    if (id !== undefined) return id;
  }
  return undefined;
}

/** The exemption id when the statement is a piece blueshift added, else undefined. */
export function pieceId(statement: Statement): string | undefined {
  const inner = statement.NotStatement?.Statement;
  return inner && markerIn(inner);
}

/** What a piece exempts, read back from the web ACL (for previews and lists). */
export function pieceScope(piece: Statement): { path?: string; ipSetArn?: string } {
  const inner = piece.NotStatement?.Statement;
  const parts = inner?.AndStatement?.Statements ?? (inner ? [inner] : []);
  const paths = parts.find((p) => p.OrStatement)?.OrStatement?.Statements ?? [];
  const exact = paths.find((p) => p.ByteMatchStatement?.PositionalConstraint === 'EXACTLY')?.ByteMatchStatement;
  const ipSetArn = parts.find((p) => p.IPSetReferenceStatement)?.IPSetReferenceStatement?.ARN;
  return { path: exact && new TextDecoder().decode(exact.SearchString), ipSetArn };
}
