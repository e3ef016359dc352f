import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One stored task lifecycle event (`task_created`, `task_started`, …). */
@Entity('telemetry_events')
export class TelemetryEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column('text')
  name: string;

  @Column('uuid', { name: 'task_id', nullable: true })
  taskId: string | null;

  @Column('text', { name: 'user_id', nullable: true })
  userId: string | null;

  @Column('text', { name: 'task_type', nullable: true })
  taskType: string | null;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('jsonb')
  attributes: Record<string, unknown>;
}
