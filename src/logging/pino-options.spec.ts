import { loadConfig } from '../config/config';
import { pinoOptions } from './pino-options';

describe('pino options', () => {
  it('maps RELIA_LOG_LEVEL onto pino levels', () => {
    expect(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'].map((l) => pinoOptions(loadConfig({ RELIA_LOG_LEVEL: l })).level))
      .toEqual(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);
  });

  it('names the replica on every line and redacts credentials', () => {
    const options = pinoOptions(loadConfig({ RELIA_REPLICA_ID: 'r-1' }));
    expect(options.base).toEqual({ replica: 'r-1' });
    expect(options.redact).toMatchObject({ paths: expect.arrayContaining(['req.headers.authorization', '*.token']) });
  });
});
