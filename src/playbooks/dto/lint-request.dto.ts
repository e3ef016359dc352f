import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export const LINT_ENGINES = ['builtin', 'ansible-lint'] as const;
export const LINT_PROFILES = ['min', 'basic', 'moderate', 'safety', 'shared', 'production'] as const;
const RULE_ID = /^[a-z0-9-]+(\[[a-z0-9-]+\])?$/;

/** Fields every run request has: what to run on, a stored playbook or a project's revision. */
export class RunRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'A stored playbook (or give project_id)' })
  @IsOptional()
  @IsUUID()
  playbook_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A project: lint it whole, or test one of its playbooks' })
  @IsOptional()
  @IsUUID()
  project_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "With project_id: a revision; default the project's head" })
  @IsOptional()
  @IsUUID()
  revision_id?: string;

  @ApiPropertyOptional({ minimum: -100, maximum: 100, default: 0, description: 'Higher runs first' })
  @IsOptional()
  @IsInt()
  @Min(-100)
  @Max(100)
  priority?: number;
}

export class LintRequest extends RunRequest {
  @ApiPropertyOptional({ enum: LINT_ENGINES, default: 'builtin' })
  @IsOptional()
  @IsIn(LINT_ENGINES)
  engine?: (typeof LINT_ENGINES)[number];

  @ApiPropertyOptional({ enum: LINT_PROFILES, description: 'ansible-lint profile; default: every rule' })
  @IsOptional()
  @IsIn(LINT_PROFILES)
  profile?: (typeof LINT_PROFILES)[number];

  @ApiPropertyOptional({ type: [String], example: ['yaml[line-length]'], description: 'Rules to skip' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(RULE_ID, { each: true, message: 'skip_list entries must be rule ids such as yaml[truthy]' })
  skip_list?: string[];

  @ApiPropertyOptional({ type: [String], example: ['no-changed-when'], description: 'Rules that only warn' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(RULE_ID, { each: true, message: 'warn_list entries must be rule ids such as yaml[truthy]' })
  warn_list?: string[];
}
