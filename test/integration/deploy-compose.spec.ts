import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config';

/**
 * No Docker engine runs here, so these checks read docker-compose.yml and the Keycloak realm the
 * way Compose and Keycloak would, and check that the pieces name each other correctly.
 */
const ROOT = join(__dirname, '../..');
const REALM_FILE = 'deploy/keycloak/relia-realm.json';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface User {
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  credentials: Array<{ type: string; value: string; temporary: boolean }>;
  realmRoles?: string[];
}
interface Realm {
  realm: string;
  roles: { realm: Array<{ name: string }> };
  clients: Array<{ clientId: string; directAccessGrantsEnabled?: boolean; publicClient?: boolean; standardFlowEnabled?: boolean;
    implicitFlowEnabled?: boolean; redirectUris?: string[]; webOrigins?: string[]; attributes?: Record<string, string>; protocolMappers?: Array<{ protocolMapper: string; config: Record<string, string> }> }>;
  users: User[];
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const realm = JSON.parse(readFileSync(join(ROOT, REALM_FILE), 'utf8')) as Realm;
const { postgres, keycloak, relia } = compose.services;

describe('docker-compose.yml', () => {
  it('builds Relia from the repository and configures it for production', () => {
    expect(relia.build).toBe('.');
    const config = loadConfig(relia.environment);
    expect(config.nodeEnv).toBe('production');
    expect(config.oidc).toEqual({
      issuer: 'http://keycloak:8080/realms/relia',
      audience: 'relia',
      userClaim: 'sub',
      rolesClaim: 'realm_access.roles',
      adminRole: 'relia-admin',
      clientId: 'relia',
      scopes: ['openid', 'profile'],
    });
  });

  it('points Relia at the Compose PostgreSQL with its credentials', () => {
    const url = new URL(relia.environment.DATABASE_URL);
    const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = postgres.environment;
    expect([url.hostname, url.port, url.username, url.password, url.pathname]).toEqual(['postgres', '5432', POSTGRES_USER, POSTGRES_PASSWORD, `/${POSTGRES_DB}`]);
    expect(postgres.image).toMatch(/^postgres:15/);
  });

  it('starts Relia after healthy dependencies, each with a health check', () => {
    expect(relia.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, keycloak: { condition: 'service_healthy' } });
    for (const service of [postgres, keycloak, relia]) expect(service.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('imports the realm file into Keycloak at start', () => {
    expect(keycloak.image).toMatch(/^quay\.io\/keycloak\/keycloak:/);
    expect(keycloak.command).toEqual(['start-dev', '--import-realm']);
    expect(keycloak.volumes).toContain(`./${REALM_FILE}:/opt/keycloak/data/import/relia-realm.json:ro`);
  });

  it('makes Keycloak issue tokens under the issuer URL Relia trusts', () => {
    expect(`${keycloak.environment.KC_HOSTNAME}/realms/${realm.realm}`).toBe(relia.environment.RELIA_OIDC_ISSUER);
  });
});

describe('the Keycloak realm', () => {
  const client = realm.clients.find((c) => c.clientId === 'relia');
  const user = (name: string) => realm.users.find((u) => u.username === name);

  it('lets browsers sign in: authorization code with PKCE (S256) required, back to the console and to Swagger UI', () => {
    expect(client).toMatchObject({ publicClient: true, standardFlowEnabled: true, implicitFlowEnabled: false });
    expect(client?.attributes?.['pkce.code.challenge.method']).toBe('S256');
    expect(client?.redirectUris).toEqual(['http://localhost:3000/', 'http://localhost:3000/docs/oauth2-redirect.html']);
    expect(client?.webOrigins).toEqual(['http://localhost:3000']);
    expect(compose.services.relia.environment.RELIA_OIDC_CLIENT_ID).toBe(client?.clientId);
  });

  it('has a client usable with the password grant whose access tokens carry Relia\'s audience', () => {
    expect(client?.directAccessGrantsEnabled).toBe(true);
    const mapper = client?.protocolMappers?.find((m) => m.protocolMapper === 'oidc-audience-mapper');
    expect(mapper?.config).toMatchObject({ 'included.client.audience': relia.environment.RELIA_OIDC_AUDIENCE, 'access.token.claim': 'true' });
  });

  it('defines the admin role and gives it to admin only', () => {
    const adminRole = relia.environment.RELIA_ADMIN_ROLE;
    expect(realm.roles.realm.map((r) => r.name)).toContain(adminRole);
    expect(realm.users.map((u) => [u.username, u.realmRoles?.includes(adminRole) ?? false])).toEqual([
      ['alice', false],
      ['bob', false],
      ['admin', true],
    ]);
  });

  it('gives every user a permanent password and a complete profile', () => {
    // Keycloak 24+ refuses the password grant ("Account is not fully set up") for a user
    // missing the profile's required attributes.
    for (const name of ['alice', 'bob', 'admin']) {
      expect(user(name)).toMatchObject({ email: expect.any(String), firstName: expect.any(String), lastName: expect.any(String) });
      expect(user(name)?.credentials).toEqual([expect.objectContaining({ type: 'password', temporary: false })]);
    }
  });
});
