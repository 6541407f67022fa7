import { loadConsoleConfig } from './console.config';

const BASE = { NODE_ENV: 'test', APP_SECRET: 'console-config-test-secret-0123456789abcdef' };

describe('console config', () => {
  it('reports the dev outbox while no SendGrid key is set (an empty value counts as unset)', () => {
    expect(loadConsoleConfig(BASE).DEV_OUTBOX).toBe(true);
    expect(loadConsoleConfig({ ...BASE, SENDGRID_API_KEY: '' }).DEV_OUTBOX).toBe(true);
  });

  it('reports no dev outbox when the key is set, and keeps only that fact, never the key', () => {
    const key = 'SG.console-config-test-key';
    const config = loadConsoleConfig({ ...BASE, SENDGRID_API_KEY: key });
    expect(config.DEV_OUTBOX).toBe(false);
    expect(config).not.toHaveProperty('SENDGRID_API_KEY');
    expect(JSON.stringify(config)).not.toContain(key);
  });
});
