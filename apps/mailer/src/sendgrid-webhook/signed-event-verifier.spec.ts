import { SendGridWebhookSigner } from '@crm/testing';
import { SignedEventVerifier } from './signed-event-verifier';

/** The test vectors of @sendgrid/eventwebhook's own spec (packages/eventwebhook/src/eventwebhook.spec.js). */
const OFFICIAL = {
  publicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==',
  signature:
    'MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=',
  timestamp: '1600112502',
  payload:
    JSON.stringify([
      {
        email: 'hello@world.com',
        event: 'dropped',
        reason: 'Bounced Address',
        sg_event_id: 'ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA',
        sg_message_id: 'LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0',
        'smtp-id': '<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>',
        timestamp: 1600112492,
      },
    ]) + '\r\n',
};

const OFFICIAL_MULTIPLE = {
  publicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==',
  signature:
    'MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5',
  timestamp: '1619651159',
  payload:
    JSON.stringify([
      {
        email: 'invalid@gmail.com',
        event: 'processed',
        send_at: 0,
        sg_event_id: 'cHJvY2Vzc2VkLTE5OTQyMTEyLXFOd0JMZ1BRUWpXNkRKdktRd1NBYnctMA',
        sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
        'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
        timestamp: 1619651146,
      },
      {
        email: 'invalid@gmail.com',
        event: 'bounce',
        ip: '167.89.101.76',
        reason:
          '552 5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm c17si1130468pgv.34 - gsmtp',
        sg_event_id: 'Ym91bmNlLTAtMTk5NDIxMTItcU53QkxnUFFRalc2REp2S1F3U0Fidy0w',
        sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
        'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
        status: '5.2.2',
        timestamp: 1619651147,
        tls: 1,
        type: 'blocked',
      },
    ])
      .split('},{')
      .join('},\r\n{') + '\r\n',
};

const WRONG_KEY =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==';

describe('signed event webhook verification', () => {
  it('accepts SendGrid’s official single- and multi-event vectors at their own time', () => {
    for (const vector of [OFFICIAL, OFFICIAL_MULTIPLE]) {
      const verifier = new SignedEventVerifier(vector.publicKey);
      const at = Number(vector.timestamp) + 5;
      expect(verifier.verify(vector.payload, vector.signature, vector.timestamp, at)).toBe('valid');
      expect(verifier.verify(Buffer.from(vector.payload), vector.signature, vector.timestamp, at)).toBe(
        'valid',
      );
    }
  });

  it('rejects the official vector with a wrong key, a tampered body, timestamp or signature', () => {
    const at = Number(OFFICIAL.timestamp);
    expect(
      new SignedEventVerifier(WRONG_KEY).verify(OFFICIAL.payload, OFFICIAL.signature, OFFICIAL.timestamp, at),
    ).toBe('bad-signature');
    const verifier = new SignedEventVerifier(OFFICIAL.publicKey);
    expect(
      verifier.verify(
        OFFICIAL.payload.replace('dropped', 'delivered'),
        OFFICIAL.signature,
        OFFICIAL.timestamp,
        at,
      ),
    ).toBe('bad-signature');
    expect(verifier.verify(OFFICIAL.payload, OFFICIAL.signature, '1600112503', at)).toBe('bad-signature');
    expect(verifier.verify(OFFICIAL.payload, 'bm90IGEgc2lnbmF0dXJl', OFFICIAL.timestamp, at)).toBe(
      'bad-signature',
    );
  });

  it('rejects a correctly signed request older than ten minutes (replay)', () => {
    const verifier = new SignedEventVerifier(OFFICIAL.publicKey);
    const timestamp = Number(OFFICIAL.timestamp);
    expect(verifier.verify(OFFICIAL.payload, OFFICIAL.signature, OFFICIAL.timestamp, timestamp + 599)).toBe(
      'valid',
    );
    expect(verifier.verify(OFFICIAL.payload, OFFICIAL.signature, OFFICIAL.timestamp, timestamp + 601)).toBe(
      'stale',
    );
  });

  it('verifies bodies signed with a freshly generated P-256 key pair', () => {
    const signer = new SendGridWebhookSigner();
    const signed = signer.sign([{ event: 'delivered', sg_event_id: 'e1', timestamp: 1 }]);
    const verifier = new SignedEventVerifier(signer.publicKey);
    const signature = signed.headers['X-Twilio-Email-Event-Webhook-Signature']!;
    const timestamp = signed.headers['X-Twilio-Email-Event-Webhook-Timestamp']!;
    expect(verifier.verify(signed.body, signature, timestamp)).toBe('valid');
    expect(
      new SignedEventVerifier(new SendGridWebhookSigner().publicKey).verify(
        signed.body,
        signature,
        timestamp,
      ),
    ).toBe('bad-signature');
  });
});
