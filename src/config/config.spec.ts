import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\.relia$/);
    expect(config.task).toMatchObject({ maxWorkers: 4, cleanupHours: 24, leaseSeconds: 30, cleanupCron: '0 */10 * * * *' });
    expect(config.task.prefetch).toBe('auto');
  });

  it('reads a fixed prefetch depth, or auto', () => {
    expect(loadConfig({ RELIA_TASK_PREFETCH: '64' }).task.prefetch).toBe(64);
    expect(loadConfig({ RELIA_TASK_PREFETCH: 'auto' }).task.prefetch).toBe('auto');
  });

  it.each([
    ['RELIA_TASK_MAX_WORKERS', 'four', /RELIA_TASK_MAX_WORKERS must be a whole number/],
    ['RELIA_TASK_MAX_WORKERS', '-1', /from 0 to 256/],
    ['PORT', '70000', /PORT must be/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must use postgres: or postgresql:/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL/],
    ['RELIA_DIAGNOSTIC_HANDLERS', 'maybe', /RELIA_DIAGNOSTIC_HANDLERS must be true or false/],
    ['RELIA_TASK_CLEANUP_CRON', 'every minute', /cron expression/],
    ['RELIA_LOG_LEVEL', 'loud', /RELIA_LOG_LEVEL must be one of/],
    ['RELIA_TASK_PREFETCH', 'lots', /RELIA_TASK_PREFETCH must be "auto" or a whole number/],
    ['RELIA_TASK_PREFETCH', '5000', /from 0 to 1024/],
  ])('stops the boot on a bad %s (%s), naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('refuses production without an OIDC issuer, and an issuer without an audience', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/RELIA_OIDC_ISSUER is required/);
    expect(() => loadConfig({ RELIA_OIDC_ISSUER: 'https://sso.example.com/' })).toThrow(/RELIA_OIDC_AUDIENCE is required/);
    expect(loadConfig({ NODE_ENV: 'production', RELIA_OIDC_ISSUER: 'https://sso.example.com/', RELIA_OIDC_AUDIENCE: 'relia' })
      .oidc.issuer).toBe('https://sso.example.com/');
  });
});


describe('loadConfig: HTTP hardening settings', () => {
  it('has CORS off and a generous rate limit by default', () => {
    expect(loadConfig({}).http).toEqual({ corsOrigins: [], rateLimitPerMinute: 600 });
  });

  it('reads a list of exact origins and a rate limit', () => {
    const config = loadConfig({ RELIA_CORS_ORIGINS: 'https://ui.example.com, http://localhost:5173', RELIA_RATE_LIMIT_PER_MINUTE: '5' });
    expect(config.http).toEqual({ corsOrigins: ['https://ui.example.com', 'http://localhost:5173'], rateLimitPerMinute: 5 });
  });

  it.each(['*', 'ui.example.com', 'https://ui.example.com/app', 'ftp://ui.example.com', 'https://ui.example.com/'])(
    'refuses the origin %p, naming the variable',
    (origin) => {
      expect(() => loadConfig({ RELIA_CORS_ORIGINS: origin })).toThrow(ConfigError);
      expect(() => loadConfig({ RELIA_CORS_ORIGINS: origin })).toThrow(/RELIA_CORS_ORIGINS/);
    },
  );

  it.each(['0', '-1', '1.5', 'lots'])('refuses RELIA_RATE_LIMIT_PER_MINUTE=%p', (value) => {
    expect(() => loadConfig({ RELIA_RATE_LIMIT_PER_MINUTE: value })).toThrow(/RELIA_RATE_LIMIT_PER_MINUTE/);
  });
});

describe('loadConfig: test run limits (issue 15)', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({}).test.limits).toEqual({
      mechanism: 'auto', memoryMb: 1024, processes: 256, diskMb: 512, cpuShare: 1, openFiles: 1024, uid: 65534, cgroup: undefined,
    });
  });

  it('reads each setting', () => {
    const limits = loadConfig({
      RELIA_TEST_LIMITS: 'rlimit', RELIA_TEST_MAX_MEMORY_MB: '256', RELIA_TEST_MAX_PROCESSES: '64', RELIA_TEST_MAX_DISK_MB: '32',
      RELIA_TEST_CPU_SHARE: '0.5', RELIA_TEST_MAX_OPEN_FILES: '256', RELIA_TEST_UID: '10002', RELIA_TEST_CGROUP: '/sys/fs/cgroup/relia',
    }).test.limits;
    expect(limits).toEqual({
      mechanism: 'rlimit', memoryMb: 256, processes: 64, diskMb: 32, cpuShare: 0.5, openFiles: 256, uid: 10002, cgroup: '/sys/fs/cgroup/relia',
    });
  });

  it.each([
    ['RELIA_TEST_LIMITS', 'quota', /RELIA_TEST_LIMITS must be one of auto, cgroup, rlimit/],
    ['RELIA_TEST_MAX_MEMORY_MB', '10', /RELIA_TEST_MAX_MEMORY_MB must be a whole number from 64/],
    ['RELIA_TEST_MAX_PROCESSES', 'many', /RELIA_TEST_MAX_PROCESSES/],
    ['RELIA_TEST_CPU_SHARE', '-1', /RELIA_TEST_CPU_SHARE must be a number/],
    ['RELIA_TEST_CPU_SHARE', '1e3', /RELIA_TEST_CPU_SHARE must be a number/],
    ['RELIA_TEST_UID', '0', /RELIA_TEST_UID must be a whole number from 1/],
  ])('stops the boot on a bad %s (%s)', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
