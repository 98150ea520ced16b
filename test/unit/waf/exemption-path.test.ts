import { applyExemption } from '../../../commands/waf/exemption-rules';
import { exemptPath } from '../../../commands/waf/exemption-match';
import { adminGroup, adminOnlyWebAcl } from '../../fakes/web-acls';

describe('exemption paths and ids', () => {
  it.each([
    ['/admin', '/admin'],
    ['/admin/', '/admin'],
    ['/Admin/Reports', '/Admin/Reports'],
    ['/café', '/café'],
  ])('covers %s as %s', (input, path) => {
    expect(exemptPath(input)).toBe(path);
  });

  it.each([
    'admin',
    '/',
    '//',
    '/admin//x',
    '/a/../b',
    '/a/./b',
    '/a%2fb',
    '/admin?x=1',
    '/admin#top',
    '/ad min',
    `/${'a'.repeat(199)}`,
  ])('refuses %s', (input) => {
    expect(exemptPath(input)).toMatchObject({ refused: 'invalid-path' });
  });

  it('refuses an id that cannot name a WAF rule', () => {
    expect(applyExemption(adminOnlyWebAcl(), { id: 'ab 12', path: '/admin', target: adminGroup })).toMatchObject({
      refused: 'invalid-id',
    });
  });
});
