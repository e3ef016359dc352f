/** What the bench scripts that start the built service share. */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client } from 'pg';

/** The PostgreSQL server the benches use: DATABASE_URL's, else the machine's. */
export const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the server's default database (CREATE / DROP DATABASE). */
export async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

export async function until(check: () => Promise<boolean>, everyMs = 100, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The 1, 5 and 15 minute load averages, printed next to every figure (the machine is shared). */
export const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** CPU time, in seconds, of this process and of `pids` (from /proc), and of the PostgreSQL server's processes. */
export interface CpuSample {
  node: number;
  postgres: number;
}

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS = 100;

/**
 * Where the CPU goes, for a throughput figure: this process (the client, and a rival's worker when
 * it runs in-process), the given service processes, and every `postgres` process on this machine
 * (0 when the server is elsewhere).
 */
export function cpuSample(pids: number[] = []): CpuSample {
  const self = process.cpuUsage();
  const node = (self.user + self.system) / 1e6 + pids.reduce((sum, pid) => sum + procCpu(pid), 0);
  let postgres = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (readIfThere(`/proc/${entry}/comm`).startsWith('postgres')) postgres += procCpu(Number(entry));
  }
  return { node, postgres };
}

/** Microseconds of CPU per task between two samples, as "node / postgres". */
export function cpuPerTask(before: CpuSample, after: CpuSample, tasks: number): string {
  const us = (seconds: number): string => ((seconds * 1e6) / tasks).toFixed(0);
  return `${us(after.node - before.node)} / ${us(after.postgres - before.postgres)}`;
}

/**
 * CPU marks for a shared machine: every `postgres` process's CPU by pid, so that the figure can be
 * charged to one database only (its backends, plus the server's background processes), not to
 * whatever other sessions run on the same server meanwhile.
 */
export interface CpuMark {
  node: number;
  byPid: Map<number, number>;
  /** Other processes charged separately (a rival's redis-server), by pid. */
  other: Map<number, number>;
}

export function cpuMark(pids: number[] = [], other: number[] = []): CpuMark {
  const self = process.cpuUsage();
  const node = (self.user + self.system) / 1e6 + pids.reduce((sum, pid) => sum + procCpu(pid), 0);
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (readIfThere(`/proc/${entry}/comm`).startsWith('postgres')) byPid.set(Number(entry), procCpu(Number(entry)));
  }
  return { node, byPid, other: new Map(other.map((pid) => [pid, procCpu(pid)])) };
}

/**
 * µs of CPU per task since `before`, as "node / server": the server is PostgreSQL's backends on
 * `sql`'s database plus its background processes (a backend that started after the mark counts
 * from zero), or, with `sql` null, the `other` processes of the mark (redis-server).
 */
export async function cpuPerTaskSince(before: CpuMark, pids: number[], tasks: number, sql: Client | null): Promise<string> {
  const after = cpuMark(pids, [...before.other.keys()]);
  let server = 0;
  if (sql) {
    const { rows } = await sql.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR backend_type <> 'client backend'`);
    for (const { pid } of rows) server += procCpu(pid) - (before.byPid.get(pid) ?? 0);
  } else {
    for (const [pid, cpu] of after.other) server += cpu - (before.other.get(pid) ?? 0);
  }
  const us = (seconds: number): string => ((seconds * 1e6) / tasks).toFixed(0);
  return `${us(after.node - before.node)} / ${us(server)}`;
}

export function procCpu(pid: number): number {
  const stat = readIfThere(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function readIfThere(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
