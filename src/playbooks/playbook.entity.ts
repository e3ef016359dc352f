import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's stored playbook: the YAML that lint and test tasks work on. */
@Entity('playbooks')
export class Playbook {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'user_id' })
  userId: string;

  @Column('text')
  name: string;

  @Column('text')
  content: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
