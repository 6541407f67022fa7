import { ConfigError } from '@crm/config';
import { SendGridWebhookSigner } from '@crm/testing';
import { loadMailerConfig } from './mailer.config';

const secret = 'x'.repeat(32);

describe('loadMailerConfig', () => {
  it('takes a SendGrid verification key it can read', () => {
    const { publicKey } = new SendGridWebhookSigner();
    expect(
      loadMailerConfig({ APP_SECRET: secret, SENDGRID_WEBHOOK_PUBLIC_KEY: publicKey })
        .SENDGRID_WEBHOOK_PUBLIC_KEY,
    ).toBe(publicKey);
  });

  it('refuses to start with a verification key it cannot read, naming the variable', () => {
    const attempt = () => loadMailerConfig({ APP_SECRET: secret, SENDGRID_WEBHOOK_PUBLIC_KEY: 'not-a-key' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/SENDGRID_WEBHOOK_PUBLIC_KEY/);
  });
});
