import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import type { Playbook } from '../playbook.entity';

/** 1 MiB of YAML is far beyond any real playbook (the corpus' largest is 1,175 lines, ~40 KiB). */
export const MAX_CONTENT_BYTES = 1024 * 1024;

export class PlaybookInput {
  @ApiProperty({ example: 'site.yml', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  // Printable characters only: names end up in logs, file names and UIs.
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({
    description: 'The playbook YAML (at most 1 MiB)',
    example: '- name: Example\n  hosts: all\n  tasks:\n    - name: Say hello\n      ansible.builtin.debug:\n        msg: hello\n',
  })
  // No @MaxLength here: the limit is in bytes, checked by PlaybooksService (413), and a
  // character count would answer 400 for ASCII but 413 for the same size in UTF-8.
  @IsString()
  content: string;
}

export class PlaybookView {
  @ApiProperty({ format: 'uuid' }) playbook_id: string;
  @ApiProperty() name: string;
  @ApiProperty({ required: false, description: 'Left out of lists' }) content?: string;
  @ApiProperty() user_id: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;

  static from(p: Playbook): PlaybookView {
    return {
      playbook_id: p.id, name: p.name, content: p.content, user_id: p.userId,
      created_at: p.createdAt.toISOString(), updated_at: p.updatedAt.toISOString(),
    };
  }
}

export class PlaybookPageView {
  @ApiProperty({ type: [PlaybookView] }) items: PlaybookView[];
  @ApiProperty({ nullable: true, type: String }) next_cursor: string | null;
}
