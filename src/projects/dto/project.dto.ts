import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import type { GitSource, Project, Revision, RevisionFile } from '../project';

export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const NAME_MESSAGE = 'name must be 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit';

export class ProjectNameQuery {
  @ApiProperty({ example: 'webservers', description: 'The project name (ansible-lint uses it as a role repository name)' })
  @IsString()
  @Matches(PROJECT_NAME, { message: NAME_MESSAGE })
  name: string;
}

export class GitSourceInput {
  @ApiProperty({ example: 'https://git.example.com/infra/webservers.git' })
  @IsString()
  @Length(1, 2000)
  url: string;

  @ApiPropertyOptional({ example: 'main', description: 'A branch, a tag or a commit sha; default HEAD' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  ref?: string;

  @ApiPropertyOptional({ default: false, description: 'Also check out submodules (one level), each URL under the same rules' })
  @IsOptional()
  @IsBoolean()
  submodules?: boolean;
}

export class GitProjectInput {
  @ApiProperty({ example: 'webservers' })
  @IsString()
  @Matches(PROJECT_NAME, { message: NAME_MESSAGE })
  name: string;

  @ApiProperty({ type: GitSourceInput })
  @ValidateNested()
  @Type(() => GitSourceInput)
  git: GitSourceInput;
}

export class RevisionView {
  @ApiProperty({ format: 'uuid' }) revision_id: string;
  @ApiProperty({ enum: ['archive', 'git'] }) source: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'sha256 of the uploaded archive' }) archive_sha256: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) commit: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The commit's subject line" }) subject: string | null;
  @ApiProperty() files: number;
  @ApiProperty() bytes: number;
  @ApiProperty({ type: [String], example: ['site.yml'] }) playbooks: string[];
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(r: Revision): RevisionView {
    return {
      revision_id: r.id, source: r.source, archive_sha256: r.archiveSha256, commit: r.commit, subject: r.subject,
      files: r.fileCount, bytes: r.totalBytes, playbooks: r.playbooks, created_at: r.createdAt.toISOString(),
    };
  }
}

export class ProjectView {
  @ApiProperty({ format: 'uuid' }) project_id: string;
  @ApiProperty() name: string;
  @ApiProperty() user_id: string;
  @ApiPropertyOptional({ type: GitSourceInput, nullable: true }) git: GitSource | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) head_revision_id: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(p: Project): ProjectView {
    return {
      project_id: p.id, name: p.name, user_id: p.userId, git: p.git, head_revision_id: p.headRevisionId,
      created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString(),
    };
  }
}

export class ProjectPageView {
  @ApiProperty({ type: [ProjectView] }) items: ProjectView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}

export class RevisionPageView {
  @ApiProperty({ type: [RevisionView] }) items: RevisionView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}

/** The answer to an upload: the project and the revision just stored. */
export class UploadView {
  @ApiProperty({ format: 'uuid' }) project_id: string;
  @ApiProperty({ format: 'uuid' }) revision_id: string;
  @ApiProperty() name: string;
  @ApiProperty() files: number;
  @ApiProperty({ type: [String] }) playbooks: string[];
}

export class SyncAcceptedView {
  @ApiProperty({ format: 'uuid' }) project_id: string;
  @ApiProperty({ format: 'uuid' }) task_id: string;
}

export class FileView {
  @ApiProperty() path: string;
  @ApiProperty({ enum: ['file', 'symlink'] }) type: string;
  @ApiProperty({ example: '0644' }) mode: string;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
  @ApiPropertyOptional({ nullable: true, type: String }) target: string | null;

  static from(f: RevisionFile): FileView {
    const link = f.linkTarget !== null;
    return { path: f.path, type: link ? 'symlink' : 'file', mode: link ? '0777' : (f.mode & 0o777).toString(8).padStart(4, '0'),
      size: f.size, sha256: f.sha256, target: f.linkTarget };
  }
}

export class FileListView {
  @ApiProperty({ format: 'uuid' }) revision_id: string;
  @ApiProperty({ type: [FileView] }) items: FileView[];
}

export class FilesQuery {
  @ApiPropertyOptional({ example: 'roles/', description: 'Only paths that start with this' })
  @IsOptional()
  @IsString()
  @Length(0, 4096)
  prefix?: string;
}
