import { baseEnvSchema } from './base-config';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { parseTrustProxy } from './trust-proxy';

const secret = 'x'.repeat(32);

describe('TRUST_PROXY', () => {
  it('trusts no proxy when unset, so X-Forwarded-For is ignored', () => {
    expect(loadConfig(baseEnvSchema, { APP_SECRET: secret }).TRUST_PROXY).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
  });

  it('takes a hop count, proxy addresses, CIDR ranges and Express names', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.7,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'loopback',
    ]);
    expect(parseTrustProxy('fd00::/8,::1')).toEqual(['fd00::/8', '::1']);
    expect(loadConfig(baseEnvSchema, { APP_SECRET: secret, TRUST_PROXY: 'uniquelocal' }).TRUST_PROXY).toEqual(
      ['uniquelocal'],
    );
  });

  it.each(['true', 'yes', '11', '10.0.0.0/33', '10.0.0/8', 'proxy.example.org', '1,2', '::1/129'])(
    'refuses %s naming the variable (the app then exits 78)',
    (value) => {
      expect(() => loadConfig(baseEnvSchema, { APP_SECRET: secret, TRUST_PROXY: value })).toThrow(
        ConfigError,
      );
      expect(() => loadConfig(baseEnvSchema, { APP_SECRET: secret, TRUST_PROXY: value })).toThrow(
        /TRUST_PROXY: must be a hop count/,
      );
    },
  );
});

describe('METRICS_TOKEN', () => {
  it('is optional and refused when too short to guess at', () => {
    expect(loadConfig(baseEnvSchema, { APP_SECRET: secret }).METRICS_TOKEN).toBeUndefined();
    expect(() => loadConfig(baseEnvSchema, { APP_SECRET: secret, METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN: must be at least 16 characters/,
    );
  });
});
