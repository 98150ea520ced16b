import { unknownWebAclFields, updateWebAclInput } from '../../../commands/waf/exemption-rules';
import { eduWebAcl } from '../../fakes/web-acls';

const LOCK_TOKEN = '6a3b7c2d-1e4f-4a5b-8c9d-0e1f2a3b4c5d';

describe('updateWebAclInput', () => {
  it('sends every mutable setting as read and no read-only one', () => {
    // Prepare
    const acl = eduWebAcl();
    // Act
    const input = updateWebAclInput(acl, acl.Rules, LOCK_TOKEN, 'REGIONAL');
    // Assess
    expect(input).toStrictEqual({
      Name: 'edu-web-acl',
      Scope: 'REGIONAL',
      Id: '11111111-2222-3333-4444-555555555555',
      LockToken: LOCK_TOKEN,
      DefaultAction: acl.DefaultAction,
      Description: acl.Description,
      VisibilityConfig: acl.VisibilityConfig,
      DataProtectionConfig: acl.DataProtectionConfig,
      CustomResponseBodies: acl.CustomResponseBodies,
      CaptchaConfig: acl.CaptchaConfig,
      ChallengeConfig: acl.ChallengeConfig,
      TokenDomains: acl.TokenDomains,
      AssociationConfig: acl.AssociationConfig,
      Rules: acl.Rules,
    });
  });

  it.each(['OnSourceDDoSProtectionConfig', 'ApplicationConfig', 'MonetizationConfig'])(
    'copies %s when the web ACL has it',
    (field) => {
      const acl = { ...eduWebAcl(), [field]: { Setting: 'value' } };

      expect(updateWebAclInput(acl, acl.Rules, LOCK_TOKEN, 'REGIONAL')).toHaveProperty(field, { Setting: 'value' });
    },
  );

  it('leaves out settings the web ACL does not have, rather than sending them empty', () => {
    const acl = eduWebAcl();
    delete acl.Description;
    delete acl.TokenDomains;

    const input = updateWebAclInput(acl, acl.Rules, LOCK_TOKEN, 'CLOUDFRONT');

    expect(Object.keys(input)).not.toEqual(expect.arrayContaining(['Description']));
    expect(Object.keys(input)).not.toEqual(expect.arrayContaining(['TokenDomains']));
    expect(input.Scope).toBe('CLOUDFRONT');
  });
});

describe('unknownWebAclFields', () => {
  it('knows every member of GetWebACL’s WebACL', () => {
    expect(unknownWebAclFields(eduWebAcl())).toEqual([]);
  });

  it('names a member AWS added later, which updating would clear', () => {
    expect(unknownWebAclFields({ ...eduWebAcl(), BotShieldConfig: { Mode: 'ON' } })).toEqual(['BotShieldConfig']);
  });
});
