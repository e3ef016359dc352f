import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { TOKEN_VERIFIER, type TokenVerifier } from '../auth/principal';
import { PgListener } from '../database/pg-listener';
import { Dispatcher } from '../executor/dispatcher';
import { activeLimits, describeLimits } from '../playbooks/runner/limits/detect';

const DB_TIMEOUT_MS = 1500;
/** Once every migration is applied it stays so for this process; until then, ask at most this often. */
const MIGRATIONS_RECHECK_MS = 5000;
/** An event loop that took this long to run a timer is too busy to count as alive. */
const EVENT_LOOP_LIMIT_MS = 2000;

/** The pieces of readiness and liveness, each a Terminus indicator. */
@Injectable()
export class ReadinessChecks {
  private migrationsApplied = false;
  private migrationsCheckedAt = 0;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly db: DataSource,
    private readonly pg: PgListener,
    private readonly dispatcher: Dispatcher,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async eventLoop(): Promise<HealthIndicatorResult> {
    const started = Date.now();
    await new Promise((resolve) => setImmediate(resolve));
    const lagMs = Date.now() - started;
    const check = this.indicators.check('event_loop');
    return lagMs < EVENT_LOOP_LIMIT_MS ? check.up({ lag_ms: lagMs }) : check.down({ lag_ms: lagMs });
  }

  accepting(): HealthIndicatorResult {
    const check = this.indicators.check('executor');
    if (this.dispatcher.isDraining) return check.down({ message: 'shutting down' });
    return check.up({ running: this.dispatcher.running });
  }

  async database(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.db.query('SELECT 1'), DB_TIMEOUT_MS);
      return check.up();
    } catch {
      return check.down({ message: 'unreachable' });
    }
  }

  /**
   * Every migration this build knows is applied. Boot runs them, so this is true from the first
   * probe in practice; it guards a replica whose schema a failed or concurrent migration left
   * behind. Cached: probes every few seconds must not read the migrations table each time.
   */
  async migrations(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('migrations');
    if (!this.migrationsApplied && Date.now() - this.migrationsCheckedAt > MIGRATIONS_RECHECK_MS) {
      this.migrationsCheckedAt = Date.now();
      this.migrationsApplied = !(await withTimeout(this.db.showMigrations(), DB_TIMEOUT_MS).catch(() => true));
    }
    return this.migrationsApplied ? check.up() : check.down({ message: 'migrations pending' });
  }

  listener(): HealthIndicatorResult {
    const check = this.indicators.check('notifications');
    return this.pg.connected ? check.up() : check.down({ message: 'LISTEN connection down' });
  }

  /** How test runs are sandboxed and bounded on this replica (detected at boot); informative, always up. */
  testRunner(): HealthIndicatorResult {
    const active = activeLimits();
    const check = this.indicators.check('test_runner');
    return check.up(active ? { sandbox: active.sandbox, limits: describeLimits(active.limits) } : { limits: 'not detected' });
  }

  auth(): HealthIndicatorResult {
    const check = this.indicators.check('auth');
    return this.verifier.isReady() ? check.up() : check.down({ message: 'identity provider not reachable yet' });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
