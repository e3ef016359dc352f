import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { RunRequest } from './lint-request.dto';

const TAG = /^[A-Za-z0-9_.:-]{1,100}$/;

export class TestRequest extends RunRequest {
  @ApiPropertyOptional({ example: 'site.yml', description: "With project_id: the playbook to run, one of the revision's playbooks" })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  playbook?: string;

  @ApiPropertyOptional({ default: true, description: 'Run with --check --diff (false: a real run, still sandboxed)' })
  @IsOptional()
  @IsBoolean()
  check_mode?: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { env: 'staging' } })
  @IsOptional()
  @IsObject()
  extra_vars?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(TAG, { each: true, message: 'tags must be tag names' })
  tags?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(TAG, { each: true, message: 'skip_tags must be tag names' })
  skip_tags?: string[];

  @ApiPropertyOptional({ example: 'webservers' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  limit?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3600, description: 'Capped by RELIA_TEST_MAX_SECONDS' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  timeout_seconds?: number;
}
