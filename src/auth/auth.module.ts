import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { AuthConfigController } from './auth-config.controller';
import { AuthGuard } from './auth.guard';
import { DevSignInController } from './dev-sign-in.controller';
import { MeController } from './me.controller';
import { DevTokenVerifier } from './dev-token';
import { OidcTokenVerifier } from './oidc-token-verifier';
import { TOKEN_VERIFIER, type TokenVerifier } from './principal';

/** With an issuer: OIDC. Without (never in production, config.ts refuses it): local dev tokens. */
async function createVerifier(config: ReliaConfig): Promise<TokenVerifier> {
  const { issuer, audience } = config.oidc;
  if (issuer && audience) {
    const verifier = new OidcTokenVerifier({ ...config.oidc, issuer, audience });
    await verifier.start();
    return verifier;
  }
  new Logger('Auth').warn(
    'DEVELOPMENT MODE: no RELIA_OIDC_ISSUER is set, so Relia accepts tokens from `npm run token`. ' +
      'Anyone who can read the data directory can sign in as anyone. Never expose this service.',
  );
  return DevTokenVerifier.fromDataDir(config.dataDir, config.oidc.adminRole);
}

@Injectable()
class VerifierLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  onApplicationShutdown(): void {
    (this.verifier as Partial<OidcTokenVerifier>).stop?.();
  }
}

@Global()
@Module({
  controllers: [AuthConfigController, MeController, DevSignInController],
  providers: [
    { provide: TOKEN_VERIFIER, inject: [CONFIG], useFactory: createVerifier },
    { provide: APP_GUARD, useClass: AuthGuard },
    VerifierLifecycle,
  ],
  exports: [TOKEN_VERIFIER],
})
export class AuthModule {}
