import { byteMatches, inCidr, isCidr, transform } from '../../../sandbox/aws/waf-match';

const encode = (text: string) => new TextEncoder().encode(text);
const DECODE_NORMALIZE = [
  { Priority: 0, Type: 'URL_DECODE' as const },
  { Priority: 1, Type: 'NORMALIZE_PATH' as const },
];

describe('request inspection in the simulated WAF', () => {
  it.each([
    ['/admin//users/', 'NORMALIZE_PATH', '/admin/users/'],
    ['/admin/./x/../users', 'NORMALIZE_PATH', '/admin/users'],
    ['/a\\b', 'NORMALIZE_PATH_WIN', '/a/b'],
    ['/%61dmin%2Fx', 'URL_DECODE', '/admin/x'],
    ['/ADMIN', 'LOWERCASE', '/admin'],
    ['/bad%zz', 'URL_DECODE', '/bad%zz'],
  ])('%s through %s is %s', (input, type, expected) => {
    expect(transform(input, [{ Priority: 0, Type: type as 'NONE' }])).toBe(expected);
  });

  it.each([
    ['/admin', 'EXACTLY', '/admin', true],
    ['/admin?next=/', 'EXACTLY', '/admin', true], // the query is not part of the path
    ['/admin%2F..%2Fsecret', 'STARTS_WITH', '/admin/', false], // decoded, then normalized to /secret
    ['/administrator', 'STARTS_WITH', '/admin/', false],
    ['/x/admin', 'ENDS_WITH', '/admin', true],
    ['/wp-admin/x', 'CONTAINS_WORD', 'admin', true],
    ['/administrator', 'CONTAINS_WORD', 'admin', false],
  ])('%s %s %s: %p', (uri, constraint, search, expected) => {
    const statement = {
      SearchString: encode(search),
      FieldToMatch: { UriPath: {} },
      TextTransformations: DECODE_NORMALIZE,
      PositionalConstraint: constraint as 'EXACTLY',
    };
    expect(byteMatches(statement, { uri, sourceIp: '192.0.2.1' })).toBe(expected);
  });

  it.each([
    ['198.51.100.7', '198.51.100.0/24', true],
    ['198.51.101.7', '198.51.100.0/24', false],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['192.0.2.44', '192.0.2.44/32', true],
    ['2001:db8::1', '2001:db8::1/128', true],
  ])('%s in %s: %p', (address, cidr, expected) => {
    expect(inCidr(address, cidr)).toBe(expected);
  });

  it('accepts the CIDRs WAF accepts in an IP set', () => {
    expect(['192.0.2.44/32', '10.0.0.0/8', '2001:db8::/32'].every(isCidr)).toBe(true);
    expect(['192.0.2.44', '0.0.0.0/0', '300.1.1.1/32', '10.0.0.0/33'].some(isCidr)).toBe(false);
  });
});
