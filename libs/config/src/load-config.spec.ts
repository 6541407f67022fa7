import { z } from 'zod';
import { baseEnvSchema } from './base-config';
import { ConfigError } from './config-error';
import { envPort } from './env-types';
import { loadConfig } from './load-config';

const schema = baseEnvSchema.extend({ PORT_UNDER_TEST: envPort(3001), REQUIRED_KEY: z.string().min(1) });
const secret = 'x'.repeat(32);

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(schema, { REQUIRED_KEY: 'k', APP_SECRET: secret });
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/supporter_crm');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.QUEUE_PREFIX).toBe('crm');
    expect(config.BASE_CURRENCY).toBe('gbp');
    expect(config.PORT_UNDER_TEST).toBe(3001);
  });

  it('names every missing or malformed variable', () => {
    const attempt = () =>
      loadConfig(schema, { DATABASE_URL: 'not a url', PORT_UNDER_TEST: '70000', APP_SECRET: secret });
    expect(attempt).toThrow(ConfigError);
    const problems = (() => {
      try {
        attempt();
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems.join('\n')).toEqual(expect.stringContaining('DATABASE_URL'));
    expect(problems.join('\n')).toEqual(expect.stringContaining('PORT_UNDER_TEST'));
    expect(problems.join('\n')).toEqual(expect.stringContaining('REQUIRED_KEY'));
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig(schema, { REQUIRED_KEY: 'k', REDIS_URL: '', APP_SECRET: secret });
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('refuses to run in production without APP_SECRET', () => {
    expect(() => loadConfig(schema, { REQUIRED_KEY: 'k', NODE_ENV: 'production' })).toThrow(/APP_SECRET/);
  });
});
