import { bodyStartOf, failureOf, shownLocation, timedOut } from '../../../lib/http/problems';

describe('a failed check in plain words', () => {
  it.each<[unknown, string]>([
    [
      new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }) }),
      'could not connect: ENOTFOUND',
    ],
    [
      new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }) }),
      'TLS refused: ERR_TLS_CERT_ALTNAME_INVALID',
    ],
    [new TypeError('fetch failed', { cause: new Error('bad port') }), 'request failed: bad port'],
    [new TypeError('Invalid URL'), 'request failed: Invalid URL'],
    ['gone', 'request failed: gone'],
  ])('says %p as %p', (error, expected) => {
    // Act
    const problem = failureOf(error);
    // Assess
    expect(problem).toBe(expected);
  });

  it.each<[number, string]>([
    [5_000, 'timed out after 5 s'],
    [30_000, 'timed out after 30 s'],
    [250, 'timed out after 0.25 s'],
  ])('writes a %p ms timeout as %p', (ms, expected) => {
    // Act
    const problem = timedOut(ms);
    // Assess
    expect(problem).toBe(expected);
  });

  it.each<[string, string]>([
    ['https://sso.example.com/', 'https://sso.example.com/'],
    ['https://sso.example.com/login?state=abc&token=secret', 'https://sso.example.com/…'],
    ['https://sso.example.com/?next=/admin', 'https://sso.example.com/…'],
    ['http://localhost:8080/x', 'http://localhost:8080/…'],
  ])('shows a redirect to %p as %p, never its path or query', (location, expected) => {
    // Act
    const shown = shownLocation(new URL(location));
    // Assess
    expect(shown).toBe(expected);
  });

  it('keeps a body start whole at a character made of two UTF-16 units', () => {
    // Prepare
    const text = `${'x'.repeat(299)}😀tail`;
    // Act
    const start = bodyStartOf(text);
    // Assess
    expect(start).toBe(`${'x'.repeat(299)}😀`);
  });
});
