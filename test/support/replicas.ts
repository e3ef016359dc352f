import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadDevKeyAndSign } from './tokens';

const MAIN = 'dist/src/main.js';
let nextPort = 21000 + Math.floor(Math.random() * 20000);

/**
 * One built service process (`node dist/src/main.js`, as production runs it) on a shared
 * database: its own port, replica id and data directory, the diagnostic task types on.
 */
export class Replica {
  readonly url: string;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'relia-replica-'));
  readonly proc: ChildProcess;
  /** Everything it printed, for assertions on its log and for failure messages. */
  output = '';
  private readonly exited: Promise<number | null>;

  constructor(
    readonly id: string,
    databaseUrl: string,
    env: Record<string, string> = {},
    readonly port = nextPort++,
  ) {
    // RELIA_MAIN (in `env`): another build's entry point, for a bench's before/after in one run.
    const main = env.RELIA_MAIN ?? MAIN;
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does)`);
    this.url = `http://127.0.0.1:${port}`;
    // RELIA_REPLICA_NODE_ARGS: extra node flags, e.g. "--cpu-prof" to profile a replica.
    const nodeArgs = process.env.RELIA_REPLICA_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    this.proc = spawn(process.execPath, [...nodeArgs, main], {
      env: { ...process.env, ...replicaEnv(id, databaseUrl, port, this.dataDir), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stdout!.on('data', (d) => (this.output += d));
    this.proc.stderr!.on('data', (d) => (this.output += d));
    this.exited = new Promise((resolve) => this.proc.once('exit', (code) => resolve(code)));
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Resolves once GET /health/ready answers 200. */
  async ready(timeoutMs = 30_000): Promise<this> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`replica ${this.id} exited:\n${this.output}`);
      if ((await this.readiness()) === 200) return this;
      await sleep(100);
    }
    throw new Error(`replica ${this.id} not ready in ${timeoutMs} ms:\n${this.output}`);
  }

  /** The status of GET /health/ready (0 when nothing answers). */
  readiness(): Promise<number> {
    return fetch(`${this.url}/health/ready`).then((r) => r.status, () => 0);
  }

  token(user: string, options: { admin?: boolean } = {}): Promise<string> {
    return loadDevKeyAndSign(this.dataDir, user, options);
  }

  /** Sends `signal` and answers the exit code (null when the signal killed it). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.alive) this.proc.kill(signal);
    return this.exited;
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function replicaEnv(id: string, databaseUrl: string, port: number, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    RELIA_REPLICA_ID: id,
    RELIA_DATA_DIR: dataDir,
    RELIA_DIAGNOSTIC_HANDLERS: 'true',
    RELIA_TASK_CLEANUP_CRON: 'off',
    RELIA_LOG_LEVEL: 'warn',
  };
}

/** Starts `n` replicas (r0, r1, …) side by side and waits until all are ready. */
export async function startReplicas(n: number, databaseUrl: string, env: Record<string, string> = {}): Promise<Replica[]> {
  const replicas = Array.from({ length: n }, (_, i) => new Replica(`r${i}`, databaseUrl, env));
  try {
    await Promise.all(replicas.map((r) => r.ready()));
  } catch (error) {
    await Promise.all(replicas.map((r) => r.dispose()));
    throw error;
  }
  return replicas;
}

export interface DiagTask {
  type: string;
  payload?: Record<string, unknown>;
}

/**
 * Inserts tasks straight into the table in one statement and wakes the replicas with one NOTIFY
 * in the same transaction, as a bulk producer would (STACK.md: one NOTIFY per batch, not per task).
 * Three attempts each, as TasksService.enqueue gives.
 */
export async function insertTasks(db: Client, tasks: DiagTask[], user = 'bench'): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH t AS (
       INSERT INTO tasks (id, type, user_id, payload, max_attempts)
       SELECT gen_random_uuid(), t.type, $3, t.payload, 3
         FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS t(type, payload, n) ORDER BY n
       RETURNING id),
     wake AS (SELECT pg_notify('relia_wake', ''))
     SELECT id FROM t, wake`,
    [tasks.map((t) => t.type), tasks.map((t) => JSON.stringify(t.payload ?? {})), user],
  );
  return rows.map((r) => r.id);
}

/** Polls until `check` answers true; throws with `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
