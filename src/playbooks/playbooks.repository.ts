import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import type { Position } from '../common/cursor';
import { PreparedStatements } from '../database/prepared';
import { Playbook } from './playbook.entity';

/** The playbooks table; every read and write is scoped to its owner. */
@Injectable()
export class PlaybooksRepository {
  private readonly repo: Repository<Playbook>;
  private readonly prepared: PreparedStatements;

  constructor(db: DataSource) {
    this.repo = db.getRepository(Playbook);
    this.prepared = new PreparedStatements(db);
  }

  async insert(playbook: Omit<Playbook, 'createdAt' | 'updatedAt'>): Promise<Playbook> {
    const [row] = (await this.repo.createQueryBuilder().insert().values(playbook).returning('*').execute()).raw;
    return this.repo.create({ ...playbook, createdAt: row.created_at, updatedAt: row.updated_at });
  }

  findOwned(id: string, userId: string): Promise<Playbook | null> {
    return this.repo.findOneBy({ id, userId });
  }

  /**
   * The name only, for every lint or test request: the content can be 1 MiB and is read by the
   * worker, not here; and TypeORM's findOneBy cost more CPU than the query (issue 8).
   */
  async findName(id: string, userId: string): Promise<string | null> {
    const rows = await this.prepared.rows<{ name: string }>('playbooks.name',
      `SELECT name FROM playbooks WHERE id = $1 AND user_id = $2`, [id, userId]);
    return rows[0]?.name ?? null;
  }

  /** The content only, for a lint or test task about to run: once per task, so prepared too. */
  async findContent(id: string, userId: string): Promise<string | null> {
    const rows = await this.prepared.rows<{ content: string }>('playbooks.content',
      `SELECT content FROM playbooks WHERE id = $1 AND user_id = $2`, [id, userId]);
    return rows[0]?.content ?? null;
  }

  /** Newest first, keyset-paginated like tasks. */
  listOwned(userId: string, after: Position | undefined, limit: number): Promise<Playbook[]> {
    const query = this.repo
      .createQueryBuilder('p')
      .select(['p.id', 'p.userId', 'p.name', 'p.createdAt', 'p.updatedAt'])
      .where('p.user_id = :userId', { userId })
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(limit);
    if (after) query.andWhere('(p.created_at, p.id) < (:createdAt, :id)', after);
    return query.getMany();
  }

  /** Replaces name and content; null when the playbook is not the user's. */
  async replaceOwned(id: string, userId: string, changes: { name: string; content: string }): Promise<Playbook | null> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ ...changes, updatedAt: () => 'now()' })
      .where('id = :id AND user_id = :userId', { id, userId })
      .returning('*')
      .execute();
    const row = result.raw[0];
    return row ? this.repo.create({ id, userId, ...changes, createdAt: row.created_at, updatedAt: row.updated_at }) : null;
  }

  async deleteOwned(id: string, userId: string): Promise<boolean> {
    return ((await this.repo.delete({ id, userId })).affected ?? 0) > 0;
  }
}
