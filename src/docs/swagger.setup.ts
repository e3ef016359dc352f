import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ProblemView } from '../common/api-problems.decorator';
import type { ReliaConfig } from '../config/config';
import { swaggerOAuthScript } from './swagger-oauth.script';

/** The name of the OpenID Connect security scheme, beside `bearer`. */
export const OIDC_SCHEME = 'oidc';

/**
 * Swagger UI at /docs. With an issuer configured, its "Authorize" also signs in through the
 * issuer (authorization code with PKCE, the public client RELIA_OIDC_CLIENT_ID); a pasted bearer
 * token keeps working beside it, for tokens from scripts.
 */
export function setupSwagger(app: NestFastifyApplication, config: ReliaConfig): void {
  const { issuer, clientId, scopes } = config.oidc;
  const builder = new DocumentBuilder()
    .setTitle('Relia')
    .setDescription('Lint and test Ansible playbooks as durable asynchronous tasks')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  if (issuer) {
    builder.addSecurity(OIDC_SCHEME, {
      type: 'openIdConnect',
      openIdConnectUrl: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
      description: 'Sign in through your SSO (authorization code with PKCE)',
    });
  }
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ProblemView] });
  if (issuer) offerOidcWhereBearerIs(document, scopes);
  const oauth = issuer && clientId;
  if (oauth) {
    app.getHttpAdapter().getInstance().get('/docs/relia-oauth.js', (_request, reply) => {
      void reply.type('text/javascript; charset=utf-8').send(swaggerOAuthScript);
    });
  }
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    // No inline script: the redirect URL is set by a served file (the CSP allows 'self' only).
    customJs: oauth ? '/docs/relia-oauth.js' : undefined,
    swaggerOptions: {
      persistAuthorization: true,
      ...(oauth ? { initOAuth: { clientId, scopes, usePkceWithAuthorizationCodeGrant: true } } : {}),
    },
  });
}

/** Every operation that takes the bearer token takes the SSO sign-in's token as well. */
function offerOidcWhereBearerIs(document: OpenAPIObject, scopes: string[]): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      const security = (operation as { security?: Array<Record<string, string[]>> }).security;
      if (security?.some((requirement) => 'bearer' in requirement)) security.push({ [OIDC_SCHEME]: scopes });
    }
  }
}
