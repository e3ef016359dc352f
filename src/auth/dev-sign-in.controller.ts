import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { DevModeGuard } from './dev-mode.guard';
import { loadOrCreateDevKey, signDevToken, type DevKey } from './dev-token';
import { DevSignInInput, DevTokenView } from './dto/dev-sign-in.dto';
import { Public } from './public.decorator';

/** Shorter than `npm run token`'s 12 h: a browser session, not a script's. */
const TTL_SECONDS = 8 * 3600;

/**
 * The console's development sign-in: what `npm run token` does, for a browser. Only in
 * development mode, where anyone may be anyone anyway; elsewhere it answers 404 (DevModeGuard).
 * Left out of the OpenAPI document: it is no part of the API a deployment offers.
 */
@ApiExcludeController()
@Controller('auth')
export class DevSignInController {
  private key?: Promise<DevKey>;

  constructor(@Inject(CONFIG) private readonly config: ReliaConfig) {}

  @Post('dev-token')
  @Public()
  @UseGuards(DevModeGuard)
  @HttpCode(200)
  async signIn(@Body() input: DevSignInInput): Promise<DevTokenView> {
    this.key ??= loadOrCreateDevKey(this.config.dataDir);
    const { privateKey } = await this.key;
    const token = await signDevToken(privateKey, input.user, {
      admin: input.admin, ttlSeconds: TTL_SECONDS, adminRole: this.config.oidc.adminRole,
    });
    return { access_token: token, token_type: 'Bearer', expires_in: TTL_SECONDS };
  }
}
