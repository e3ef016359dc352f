import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CONFIG } from '../config/config.module';
import type { ReliaConfig } from '../config/config';
import { isDevelopmentMode } from './dev-mode';
import { Public } from './public.decorator';

export class AuthConfigView {
  @ApiProperty({ nullable: true, type: String, description: 'The OIDC issuer to sign in with; null in development mode' })
  issuer: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The public client id for browsers and the CLI (PKCE, device grant)' })
  client_id: string | null;
  @ApiProperty({ nullable: true, type: String }) audience: string | null;
  @ApiProperty({ type: [String], example: ['openid', 'profile'] }) scopes: string[];
  @ApiProperty({ description: 'True in development mode, where tokens come from `npm run token`' }) development_tokens: boolean;
}

/** What a client needs to sign a user in: public, since it is asked before there is a token. */
@ApiTags('auth')
@Controller('auth')
export class AuthConfigController {
  constructor(@Inject(CONFIG) private readonly config: ReliaConfig) {}

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'How to sign in: the OIDC issuer, the public client id and the scopes' })
  @ApiOkResponse({ type: AuthConfigView })
  get(): AuthConfigView {
    const { issuer, clientId, audience, scopes } = this.config.oidc;
    return { issuer: issuer ?? null, client_id: clientId ?? null, audience: audience ?? null, scopes, development_tokens: isDevelopmentMode(this.config) };
  }
}
