import { principalFromClaims, type ClaimMapping } from './claims';
import { InvalidTokenError } from './principal';

const mapping: ClaimMapping = { userClaim: 'sub', rolesClaim: 'roles', adminRole: 'relia-admin' };

describe('principalFromClaims', () => {
  it('reads a list of roles and marks the admin', () => {
    expect(principalFromClaims({ sub: 'a', roles: ['x', 'relia-admin'] }, mapping)).toEqual({
      userId: 'a',
      roles: ['x', 'relia-admin'],
      isAdmin: true,
    });
  });

  it('reads a space-separated string of roles', () => {
    expect(principalFromClaims({ sub: 'a', scp: 'read  write' }, { ...mapping, rolesClaim: 'scp' }).roles).toEqual(['read', 'write']);
  });

  it('prefers a claim named exactly like the path, for namespaced claims', () => {
    const namespaced = { ...mapping, rolesClaim: 'https://relia.example.com/roles' };
    expect(principalFromClaims({ sub: 'a', 'https://relia.example.com/roles': ['relia-admin'] }, namespaced).isAdmin).toBe(true);
  });

  it('follows a dotted path into nested claims', () => {
    const keycloak = { ...mapping, rolesClaim: 'realm_access.roles' };
    expect(principalFromClaims({ sub: 'a', realm_access: { roles: ['relia-admin'] } }, keycloak).isAdmin).toBe(true);
  });

  it('treats a missing roles claim as no roles', () => {
    expect(principalFromClaims({ sub: 'a' }, { ...mapping, rolesClaim: 'realm_access.roles' })).toEqual({ userId: 'a', roles: [], isAdmin: false });
  });

  it('refuses a malformed roles claim', () => {
    expect(() => principalFromClaims({ sub: 'a', roles: ['x', 1] }, mapping)).toThrow(InvalidTokenError);
    expect(() => principalFromClaims({ sub: 'a', roles: { admin: true } }, mapping)).toThrow(InvalidTokenError);
  });

  it('follows only own properties along the path', () => {
    const path = { ...mapping, rolesClaim: 'constructor' };
    expect(principalFromClaims({ sub: 'a' }, path).roles).toEqual([]);
  });

  it('refuses a user id that is not a non-empty string', () => {
    expect(() => principalFromClaims({ sub: 42 } as never, mapping)).toThrow(InvalidTokenError);
    expect(() => principalFromClaims({ sub: '' }, mapping)).toThrow(InvalidTokenError);
  });
});
