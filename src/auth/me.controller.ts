import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems.decorator';
import { CurrentUser } from './current-user.decorator';
import type { Principal } from './principal';

export class MeView {
  @ApiProperty({ example: 'alice' }) user_id: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ description: 'Sees and cancels every user’s tasks' }) is_admin: boolean;
}

/** Who the token says the caller is, as Relia reads it: lets a client show the user and admin views. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class MeController {
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user: id, roles and whether they are an admin' })
  @ApiOkResponse({ type: MeView })
  @ApiProblems(401)
  me(@CurrentUser() user: Principal): MeView {
    return { user_id: user.userId, roles: user.roles, is_admin: user.isAdmin };
  }
}
