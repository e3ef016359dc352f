import { ConfigError, loadConfig } from './config';

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
