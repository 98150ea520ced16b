import { checkLine } from '../../../commands/checks/summary';
import type { CheckResult } from '../../../commands/checks/types';

const result = (changes: Partial<CheckResult>): CheckResult => ({
  check: '/admin',
  url: 'https://www.example.edu/admin/login/',
  passed: true,
  status: 200,
  ms: 84,
  at: new Date('2026-12-07T09:00:00Z'),
  ...changes,
});

describe('checkLine', () => {
  it.each<[string, Partial<CheckResult>, string]>([
    ['a pass', {}, '/admin 200 (84 ms)'],
    ['a slow pass', { ms: 1_249 }, '/admin 200 (1.2 s)'],
    ['a pass on an expected redirect', { status: 302, ms: 12.6 }, '/admin 302 (13 ms)'],
    [
      'a status WAF sent',
      { passed: false, status: 403, problem: 'expected 200, got 403' },
      '/admin 403 — expected 200, got 403',
    ],
    [
      'no response at all',
      { passed: false, status: undefined, problem: 'timed out after 5 s' },
      '/admin — timed out after 5 s',
    ],
    ['a failure without words', { passed: false, status: 500, problem: undefined }, '/admin 500 — failed'],
  ])('says %s in one line', (_case, changes, expected) => {
    // Act
    const line = checkLine(result(changes));
    // Assess
    expect(line).toBe(expected);
  });

  it('escapes what came from the configuration or the endpoint', () => {
    // Prepare
    const failed = result({
      check: '<!channel> & co',
      passed: false,
      status: 302,
      problem: 'redirected to another host (https://<evil>.example/…), not followed',
    });
    // Act
    const line = checkLine(failed);
    // Assess
    expect(line).toBe(
      '&lt;!channel&gt; &amp; co 302 — redirected to another host (https://&lt;evil&gt;.example/…), not followed',
    );
  });
});
