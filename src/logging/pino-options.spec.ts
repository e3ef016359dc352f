import { loadConfig } from '../config/config';
import { pinoLevelOf, pinoOptions } from './pino-options';

describe('pino options', () => {
  it('maps RELIA_LOG_LEVEL onto pino levels', () => {
    expect(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'].map((l) => pinoLevelOf(l as never)))
      .toEqual(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);
    const options = pinoOptions(loadConfig({ RELIA_LOG_LEVEL: 'debug' })) as { pinoHttp: { level: string } };
    expect(options.pinoHttp.level).toBe('debug');
  });

  it('logs no request header but the user agent', () => {
    const { pinoHttp } = pinoOptions(loadConfig({})) as { pinoHttp: { serializers: { req: (r: unknown) => unknown } } };
    const line = pinoHttp.serializers.req({ id: 'r1', method: 'GET', url: '/tasks', headers: { authorization: 'Bearer secret', cookie: 'c=1', 'user-agent': 'curl' } });
    expect(JSON.stringify(line)).not.toMatch(/secret|c=1/);
    expect(line).toEqual({ id: 'r1', method: 'GET', url: '/tasks', user_agent: 'curl' });
  });
});
