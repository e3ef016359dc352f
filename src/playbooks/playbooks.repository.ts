import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import type { Position } from '../common/cursor';
import { Playbook } from './playbook.entity';

/** The playbooks table; every read and write is scoped to its owner. */
@Injectable()
export class PlaybooksRepository {
  private readonly repo: Repository<Playbook>;

  constructor(db: DataSource) {
    this.repo = db.getRepository(Playbook);
  }

  async insert(playbook: Omit<Playbook, 'createdAt' | 'updatedAt'>): Promise<Playbook> {
    const [row] = (await this.repo.createQueryBuilder().insert().values(playbook).returning('*').execute()).raw;
    return this.repo.create({ ...playbook, createdAt: row.created_at, updatedAt: row.updated_at });
  }

  findOwned(id: string, userId: string): Promise<Playbook | null> {
    return this.repo.findOneBy({ id, userId });
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
