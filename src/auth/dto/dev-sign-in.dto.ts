import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { USER_NAME_RULE } from '../dev-token';

export class DevSignInInput {
  @ApiProperty({ example: 'alice', description: USER_NAME_RULE })
  @Matches(/^[A-Za-z0-9._@-]{1,128}$/, { message: `user must be ${USER_NAME_RULE}` })
  user: string;

  @ApiPropertyOptional({ description: 'A token with the admin role, as `npm run token -- <user> --admin`' })
  @IsOptional()
  @IsBoolean()
  admin?: boolean;
}

export class DevTokenView {
  @ApiProperty() access_token: string;
  @ApiProperty({ example: 'Bearer' }) token_type: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires' }) expires_in: number;
}
