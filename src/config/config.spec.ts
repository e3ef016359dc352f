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
