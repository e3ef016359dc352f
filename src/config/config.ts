import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { StartupError } from '../common/startup-error';

/**
 * Relia's whole configuration, read from the environment once at boot. A bad value stops the
 * boot with a message naming the variable: a replica that half-understands its settings is
 * worse than one that does not start.
 */
export interface ReliaConfig {
  nodeEnv: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  port: number;
  /** Unset: an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
  replicaId: string;
  task: {
    /** 0: this replica serves the API and runs no tasks (API and worker replicas scaled apart). */
    maxWorkers: number;
    /** Tasks claimed ahead of free workers (a local queue); 'auto' = about 50 ms of work (see Prefetch). */
    prefetch: number | 'auto';
    cleanupHours: number;
    failedRetentionHours: number;
    cleanupCron: string;
    leaseSeconds: number;
    timeoutSeconds: number;
    cancelGraceMs: number;
    pollIntervalMs: number;
    progressIntervalMs: number;
    maxPendingPerUser: number;
  };
  shutdownGraceSeconds: number;
  syncWaitSeconds: number;
  events: {
    /** Comment lines on idle live streams keep proxies and load balancers from closing them. */
    heartbeatSeconds: number;
  };
  telemetry: {
    retentionHours: number;
  };
  oidc: {
    issuer: string | undefined;
    audience: string | undefined;
    userClaim: string;
    rolesClaim: string;
    adminRole: string;
    /** The public client that browsers and the CLI sign in with (authorization code + PKCE, device grant). */
    clientId: string | undefined;
    scopes: string[];
  };
  diagnosticHandlers: boolean;
  lint: {
    ansibleLint: string;
  };
  http: {
    /** Origins allowed to call the API from a browser. Empty: no CORS headers at all. */
    corsOrigins: string[];
    /** Requests per user per minute on each replica. */
    rateLimitPerMinute: number;
  };
  test: {
    ansiblePlaybook: string;
    /** Undefined: bubblewrap when it works on this machine, else none. */
    sandbox: 'bwrap' | 'none' | undefined;
    maxSeconds: number;
    /** Per-run resource limits and the unprivileged identity runs take (docs/test-runner.md). */
    limits: {
      /** auto: a writable cgroup when the host offers one, else rlimits. */
      mechanism: 'auto' | 'cgroup' | 'rlimit';
      memoryMb: number;
      processes: number;
      diskMb: number;
      /** CPUs a run may use at most (cgroup quota), e.g. 0.5 or 2. */
      cpuShare: number;
      openFiles: number;
      /** The uid (and gid) runs take where the host forbids user namespaces, and outside them when Relia is root. */
      uid: number;
      /** A cgroup v2 directory Relia may create run cgroups in; undefined: detect. */
      cgroup: string | undefined;
    };
  };
  project: {
    /** The compressed upload, RELIA_PROJECT_MAX_BYTES. */
    maxBytes: number;
    maxUnpackedBytes: number;
    maxFiles: number;
    revisionRetentionHours: number;
    /** Uploads stored at once; more wait, unread, for a free thread. */
    uploadThreads: number;
  };
  git: {
    allowFileUrls: boolean;
    /** Empty: any host. */
    allowedHosts: string[];
    timeoutSeconds: number;
    /** A mounted git-credentials file (`https://user:token@host` lines). */
    credentialsFile: string | undefined;
    sshKeyFile: string | undefined;
    knownHostsFile: string | undefined;
    /** The CA of an internal git server. */
    caFile: string | undefined;
  };
}

export class ConfigError extends StartupError {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function autoOrInt(env: Env, name: string, min: number, max: number): number | 'auto' {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'auto') return 'auto';
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be "auto" or a whole number from ${min} to ${max}, got "${raw}"`);
  return int(env, name, 0, min, max);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got a value that does not parse`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

/** A comma-separated list of exact origins (`https://host[:port]`): no paths, no wildcards. */
function origins(env: Env, name: string): string[] {
  const list = (env[name] ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // An exact origin, so that a typo cannot silently open the API to every site.
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(`${name} must be a comma-separated list of origins like https://app.example.com, got "${origin}"`);
    }
  }
  return list;
}

const MIB = 1024 * 1024;

function list(env: Env, name: string): string[] {
  return (env[name] ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

function cron(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  const fields = raw.split(/\s+/);
  if (raw !== 'off' && (fields.length < 5 || fields.length > 6)) {
    throw new ConfigError(`${name} must be a cron expression of 5 or 6 fields or "off", got "${raw}"`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): ReliaConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const config: ReliaConfig = {
    nodeEnv,
    logLevel: oneOf(env, 'RELIA_LOG_LEVEL', ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: resolve(env.RELIA_DATA_DIR || '.relia'),
    databasePoolSize: int(env, 'RELIA_DATABASE_POOL_SIZE', 10, 2, 200),
    replicaId: env.RELIA_REPLICA_ID || `${hostname()}:${process.pid}`,
    task: {
      maxWorkers: int(env, 'RELIA_TASK_MAX_WORKERS', 4, 0, 256),
      prefetch: autoOrInt(env, 'RELIA_TASK_PREFETCH', 0, 1024),
      cleanupHours: int(env, 'RELIA_TASK_CLEANUP_HOURS', 24, 1, 24 * 365),
      failedRetentionHours: int(env, 'RELIA_TASK_FAILED_RETENTION_HOURS', 0, 0, 24 * 365),
      cleanupCron: cron(env, 'RELIA_TASK_CLEANUP_CRON', '0 */10 * * * *'),
      leaseSeconds: int(env, 'RELIA_TASK_LEASE_SECONDS', 30, 2, 3600),
      timeoutSeconds: int(env, 'RELIA_TASK_TIMEOUT_SECONDS', 600, 1, 24 * 3600),
      cancelGraceMs: int(env, 'RELIA_TASK_CANCEL_GRACE_MS', 2000, 0, 600_000),
      pollIntervalMs: int(env, 'RELIA_TASK_POLL_INTERVAL_MS', 2000, 50, 600_000),
      progressIntervalMs: int(env, 'RELIA_TASK_PROGRESS_INTERVAL_MS', 250, 0, 60_000),
      maxPendingPerUser: int(env, 'RELIA_MAX_PENDING_PER_USER', 1000, 1, 10_000_000),
    },
    shutdownGraceSeconds: int(env, 'RELIA_SHUTDOWN_GRACE_SECONDS', 25, 0, 3600),
    syncWaitSeconds: int(env, 'RELIA_SYNC_WAIT_SECONDS', 30, 0, 3600),
    events: { heartbeatSeconds: int(env, 'RELIA_EVENTS_HEARTBEAT_SECONDS', 15, 1, 300) },
    telemetry: { retentionHours: int(env, 'RELIA_TELEMETRY_RETENTION_HOURS', 168, 1, 24 * 3650) },
    oidc: {
      issuer: url(env, 'RELIA_OIDC_ISSUER', ['https:', 'http:']),
      audience: env.RELIA_OIDC_AUDIENCE || undefined,
      userClaim: env.RELIA_OIDC_USER_CLAIM || 'sub',
      rolesClaim: env.RELIA_OIDC_ROLES_CLAIM || 'roles',
      adminRole: env.RELIA_ADMIN_ROLE || 'relia-admin',
      clientId: env.RELIA_OIDC_CLIENT_ID || undefined,
      scopes: (env.RELIA_OIDC_SCOPES || 'openid profile').split(/[\s,]+/).filter(Boolean),
    },
    diagnosticHandlers: bool(env, 'RELIA_DIAGNOSTIC_HANDLERS', false),
    lint: { ansibleLint: env.RELIA_ANSIBLE_LINT || 'ansible-lint' },
    http: {
      corsOrigins: origins(env, 'RELIA_CORS_ORIGINS'),
      // 600 a minute (10 a second) is far above a person or a CI job polling a task, and far
      // below what it takes to hurt the database.
      rateLimitPerMinute: int(env, 'RELIA_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    },
    test: {
      ansiblePlaybook: env.RELIA_ANSIBLE_PLAYBOOK || 'ansible-playbook',
      sandbox: env.RELIA_TEST_SANDBOX ? oneOf(env, 'RELIA_TEST_SANDBOX', ['bwrap', 'none'] as const, 'bwrap') : undefined,
      maxSeconds: int(env, 'RELIA_TEST_MAX_SECONDS', 300, 1, 3600),
      limits: {
        mechanism: oneOf(env, 'RELIA_TEST_LIMITS', ['auto', 'cgroup', 'rlimit'] as const, 'auto'),
        memoryMb: int(env, 'RELIA_TEST_MAX_MEMORY_MB', 1024, 64, 1024 * 1024),
        processes: int(env, 'RELIA_TEST_MAX_PROCESSES', 256, 16, 1_000_000),
        diskMb: int(env, 'RELIA_TEST_MAX_DISK_MB', 512, 16, 1024 * 1024),
        cpuShare: decimal(env, 'RELIA_TEST_CPU_SHARE', 1, 0.05, 1024),
        openFiles: int(env, 'RELIA_TEST_MAX_OPEN_FILES', 1024, 64, 1_048_576),
        uid: int(env, 'RELIA_TEST_UID', 65534, 1, 4_294_967_294),
        cgroup: env.RELIA_TEST_CGROUP ? resolve(env.RELIA_TEST_CGROUP) : undefined,
      },
    },
    project: {
      maxBytes: int(env, 'RELIA_PROJECT_MAX_BYTES', 50 * MIB, 1024, 4096 * MIB),
      maxUnpackedBytes: int(env, 'RELIA_PROJECT_MAX_UNPACKED_BYTES', 500 * MIB, 1024, 64 * 1024 * MIB),
      maxFiles: int(env, 'RELIA_PROJECT_MAX_FILES', 10_000, 1, 1_000_000),
      revisionRetentionHours: int(env, 'RELIA_PROJECT_REVISION_RETENTION_HOURS', 168, 1, 24 * 3650),
      uploadThreads: int(env, 'RELIA_PROJECT_UPLOAD_THREADS', 1, 1, 64),
    },
    git: {
      allowFileUrls: bool(env, 'RELIA_GIT_ALLOW_FILE_URLS', false),
      allowedHosts: list(env, 'RELIA_GIT_ALLOWED_HOSTS').map((h) => h.toLowerCase()),
      timeoutSeconds: int(env, 'RELIA_GIT_TIMEOUT_SECONDS', 120, 1, 3600),
      credentialsFile: env.RELIA_GIT_CREDENTIALS_FILE || undefined,
      sshKeyFile: env.RELIA_GIT_SSH_KEY || undefined,
      knownHostsFile: env.RELIA_GIT_KNOWN_HOSTS || undefined,
      caFile: env.RELIA_GIT_CA_FILE || undefined,
    },
  };
  if (nodeEnv === 'production' && !config.oidc.issuer) {
    throw new ConfigError(
      'RELIA_OIDC_ISSUER is required when NODE_ENV=production: development tokens are refused in production',
    );
  }
  if (config.oidc.issuer && !config.oidc.audience) {
    throw new ConfigError('RELIA_OIDC_AUDIENCE is required when RELIA_OIDC_ISSUER is set');
  }
  return config;
}
