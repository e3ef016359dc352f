import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TaskStatus } from './task-status';

export interface TaskErrorInfo {
  code: string;
  message: string;
}

/** A unit of background work and everything a durable, distributed executor needs to run it. */
@Entity('tasks')
export class Task {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('text')
  status: TaskStatus;

  @Column('text', { name: 'user_id' })
  userId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('smallint')
  progress: number;

  @Column('jsonb')
  details: Record<string, unknown>;

  @Column('jsonb', { nullable: true })
  result: unknown;

  @Column('jsonb', { nullable: true })
  error: TaskErrorInfo | null;

  @Column('smallint')
  priority: number;

  @Column('integer')
  attempt: number;

  @Column('integer', { name: 'max_attempts' })
  maxAttempts: number;

  @Column('timestamptz', { name: 'run_at' })
  runAt: Date;

  @Column('text', { name: 'lease_owner', nullable: true })
  leaseOwner: string | null;

  @Column('timestamptz', { name: 'lease_expires_at', nullable: true })
  leaseExpiresAt: Date | null;

  @Column('timestamptz', { name: 'cancel_requested_at', nullable: true })
  cancelRequestedAt: Date | null;

  @Column('text', { name: 'canceled_by', nullable: true })
  canceledBy: string | null;

  @Column('text', { name: 'cancel_mode', nullable: true })
  cancelMode: 'cooperative' | 'forced' | null;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey: string | null;

  @Column('text', { name: 'request_hash', nullable: true })
  requestHash: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;
}
