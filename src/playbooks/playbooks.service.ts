import { Injectable } from '@nestjs/common';
import { CursorCodec } from '../common/cursor';
import { notFound, ProblemException } from '../common/problem';
import { uuidv7 } from '../common/uuid';
import { MAX_CONTENT_BYTES } from './dto/playbook.dto';
import type { Playbook } from './playbook.entity';
import { PlaybooksRepository } from './playbooks.repository';

/** A user's playbooks. Another user's playbook is "not found", exactly like a missing one. */
@Injectable()
export class PlaybooksService {
  constructor(
    private readonly playbooks: PlaybooksRepository,
    private readonly cursors: CursorCodec,
  ) {}

  create(userId: string, input: { name: string; content: string }): Promise<Playbook> {
    checkSize(input.content);
    return this.playbooks.insert({ id: uuidv7(), userId, ...input });
  }

  async get(id: string, userId: string): Promise<Playbook> {
    return (await this.playbooks.findOwned(id, userId)) ?? throwNotFound();
  }

  /** The playbook's name (404 if it is not the user's): all a run request needs from it. */
  async nameOf(id: string, userId: string): Promise<string> {
    return (await this.playbooks.findName(id, userId)) ?? throwNotFound();
  }

  async list(userId: string, cursor: string | undefined, limit: number): Promise<{ items: Playbook[]; nextCursor: string | null }> {
    const scope = `playbooks:${userId}`;
    const rows = await this.playbooks.listOwned(userId, cursor ? this.cursors.decode(cursor, scope) : undefined, limit + 1);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? this.cursors.encode(items[items.length - 1], scope) : null };
  }

  async replace(id: string, userId: string, input: { name: string; content: string }): Promise<Playbook> {
    checkSize(input.content);
    return (await this.playbooks.replaceOwned(id, userId, input)) ?? throwNotFound();
  }

  async delete(id: string, userId: string): Promise<void> {
    if (!(await this.playbooks.deleteOwned(id, userId))) throwNotFound();
  }
}

/** MaxLength counts characters; the limit is on bytes. */
function checkSize(content: string): void {
  if (Buffer.byteLength(content, 'utf8') > MAX_CONTENT_BYTES) {
    throw new ProblemException('payload_too_large', 'content is larger than 1 MiB');
  }
}

function throwNotFound(): never {
  throw notFound('Playbook');
}
