import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { UuidParam } from '../common/uuid';
import { PageQuery } from '../common/page.query';
import { PlaybookInput, PlaybookPageView, PlaybookView } from './dto/playbook.dto';
import { PlaybooksService } from './playbooks.service';

@ApiTags('playbooks')
@ApiBearerAuth()
@Controller('playbooks')
export class PlaybooksController {
  constructor(private readonly playbooks: PlaybooksService) {}

  @Post()
  @ApiCreatedResponse({ type: PlaybookView })
  @ApiProblems(400, 401, 413)
  async create(@CurrentUser() user: Principal, @Body() input: PlaybookInput): Promise<PlaybookView> {
    return PlaybookView.from(await this.playbooks.create(user.userId, input));
  }

  @Get()
  @ApiOkResponse({ type: PlaybookPageView, description: 'Your playbooks, newest first, without content' })
  @ApiProblems(400, 401)
  async list(@CurrentUser() user: Principal, @Query() query: PageQuery): Promise<PlaybookPageView> {
    const page = await this.playbooks.list(user.userId, query.cursor, query.limit);
    return { items: page.items.map(PlaybookView.from), next_cursor: page.nextCursor };
  }

  @Get(':playbook_id')
  @ApiOkResponse({ type: PlaybookView })
  @ApiProblems(400, 401, 404)
  async get(@CurrentUser() user: Principal, @Param('playbook_id', UuidParam('playbook_id')) id: string): Promise<PlaybookView> {
    return PlaybookView.from(await this.playbooks.get(id, user.userId));
  }

  @Put(':playbook_id')
  @ApiOkResponse({ type: PlaybookView })
  @ApiProblems(400, 401, 404, 413)
  async replace(
    @CurrentUser() user: Principal,
    @Param('playbook_id', UuidParam('playbook_id')) id: string,
    @Body() input: PlaybookInput,
  ): Promise<PlaybookView> {
    return PlaybookView.from(await this.playbooks.replace(id, user.userId, input));
  }

  @Delete(':playbook_id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 404)
  async delete(@CurrentUser() user: Principal, @Param('playbook_id', UuidParam('playbook_id')) id: string): Promise<void> {
    await this.playbooks.delete(id, user.userId);
  }
}
