import { baseEnvSchema } from './base-config';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { parseHostPort, redisTopology } from './redis-topology';

const secret = 'x'.repeat(32);
const load = (env: Record<string, string>) => loadConfig(baseEnvSchema, { APP_SECRET: secret, ...env });
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    load(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('Redis topology variables', () => {
  it('uses REDIS_URL alone by default', () => {
    expect(redisTopology(load({}))).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
  });

  it('reads REDIS_CLUSTER_NODES as host:port seeds, spaces and IPv6 brackets allowed', () => {
    const config = load({ REDIS_CLUSTER_NODES: 'redis-a:7000, 10.0.0.2:7001,[::1]:7002' });
    expect(redisTopology(config)).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'redis-a', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      url: 'redis://127.0.0.1:6379',
    });
  });

  it('reads REDIS_SENTINELS with REDIS_SENTINEL_NAME, keeping REDIS_URL for credentials', () => {
    const config = load({
      REDIS_SENTINELS: 's1:26379,s2:26379,s3:26379',
      REDIS_SENTINEL_NAME: 'mymaster',
      REDIS_URL: 'redis://:pw@ignored:6379/2',
    });
    expect(redisTopology(config)).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
        { host: 's3', port: 26379 },
      ],
      name: 'mymaster',
      url: 'redis://:pw@ignored:6379/2',
    });
  });

  it.each([
    ['redis-a', 'not host:port: redis-a'],
    ['redis-a:0', 'not host:port: redis-a:0'],
    ['redis-a:70000', 'not host:port: redis-a:70000'],
    ['redis://redis-a:7000', 'not host:port: redis://redis-a:7000'],
    [' , ', 'must list at least one host:port'],
  ])('refuses REDIS_CLUSTER_NODES=%j, naming the variable and the entry', (value, says) => {
    const problems = problemsOf({ REDIS_CLUSTER_NODES: value });
    expect(problems).toEqual([expect.stringMatching(/^REDIS_CLUSTER_NODES: must/)]);
    expect(problems[0]).toContain(says);
  });

  it('names only the bad entries of a list', () => {
    const [problem] = problemsOf({ REDIS_SENTINELS: 's1:26379,s2,s3:26379:1', REDIS_SENTINEL_NAME: 'm' });
    expect(problem).toMatch(/^REDIS_SENTINELS: .*not host:port: s2, s3:26379:1$/);
  });

  it('refuses sentinels without a master name, a name without sentinels, and cluster with sentinels', () => {
    expect(problemsOf({ REDIS_SENTINELS: 's1:26379' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINEL_NAME: is required with REDIS_SENTINELS/),
    ]);
    expect(problemsOf({ REDIS_SENTINEL_NAME: 'mymaster' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINELS: is required with REDIS_SENTINEL_NAME/),
    ]);
    expect(
      problemsOf({ REDIS_CLUSTER_NODES: 'a:7000', REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_NAME: 'm' }),
    ).toEqual([expect.stringMatching(/^REDIS_CLUSTER_NODES: set either/)]);
    expect(problemsOf({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_NAME: 'bad name' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINEL_NAME: letters, digits/),
    ]);
  });

  it('treats empty values as unset', () => {
    expect(redisTopology(load({ REDIS_CLUSTER_NODES: '', REDIS_SENTINELS: '' })).kind).toBe('single');
  });

  it('parses one host:port', () => {
    expect(parseHostPort('cache.internal:6380')).toEqual({ host: 'cache.internal', port: 6380 });
    expect(parseHostPort('-bad-:6379')).toBeNull();
  });
});
