import { createHmac, randomUUID } from 'node:crypto';
import {
  RecipientLinkSigner,
  signLinkToken,
  signPreferencesToken,
  signUnsubscribeToken,
  unsubscribeUrl,
  verifyLinkToken,
  verifyUnsubscribeToken,
} from './signed-links';

const secret = 'a-test-secret-that-is-at-least-32-characters';

describe('unsubscribe tokens', () => {
  const supporterId = randomUUID();
  const token = signUnsubscribeToken(secret, supporterId);

  it('verifies to the supporter it was signed for', () => {
    expect(verifyUnsubscribeToken(secret, token)).toBe(supporterId);
  });

  it('is the HMAC-SHA256 of the string secret, also when the secret changes between calls (non-ASCII too)', () => {
    const mac = (key: string): string =>
      createHmac('sha256', key).update(`unsubscribe:${supporterId}`).digest('base64url');
    const other = 'another-secret-that-is-at-least-32-characters-é';
    expect(signUnsubscribeToken(other, supporterId)).toBe(`${supporterId}.${mac(other)}`);
    expect(signUnsubscribeToken(secret, supporterId)).toBe(`${supporterId}.${mac(secret)}`);
    expect(token).toBe(`${supporterId}.${mac(secret)}`);
  });

  it('rejects a token signed with another secret', () => {
    expect(verifyUnsubscribeToken(`${secret}-other`, token)).toBeNull();
  });

  it('rejects a token whose supporter id was swapped', () => {
    const [, signed] = token.split('.');
    expect(verifyUnsubscribeToken(secret, `${randomUUID()}.${signed}`)).toBeNull();
  });

  it('rejects altered, truncated and malformed tokens', () => {
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    for (const bad of [
      `${token.slice(0, -1)}${last}`,
      token.slice(0, -2),
      `${token}.x`,
      supporterId,
      '',
      '.',
    ]) {
      expect(verifyUnsubscribeToken(secret, bad)).toBeNull();
    }
  });

  it('builds an absolute one-click URL under the public base', () => {
    expect(unsubscribeUrl('http://localhost:3002', token)).toBe(
      `http://localhost:3002/unsubscribe?token=${encodeURIComponent(token)}`,
    );
  });
});

describe('signed link tokens', () => {
  const parts = ['3f1c2b7e-0d4a-4c55-9a1e-2b3c4d5e6f70', '7', '1765200000'];
  const token = signLinkToken(secret, 'donor-recurring', parts);

  it('verifies to its parts for its own purpose and part count only', () => {
    expect(verifyLinkToken(secret, 'donor-recurring', token, 3)).toEqual(parts);
    expect(verifyLinkToken(secret, 'donor-increase', token, 3)).toBeNull();
    expect(verifyLinkToken(secret, 'donor-recurring', token, 2)).toBeNull();
    expect(verifyLinkToken(`${secret}-other`, 'donor-recurring', token, 3)).toBeNull();
  });

  it('rejects a token with any part changed', () => {
    const signed = token.split('.').at(-1);
    for (const changed of [
      ['3f1c2b7e-0d4a-4c55-9a1e-2b3c4d5e6f70', '8', '1765200000'],
      ['3f1c2b7e-0d4a-4c55-9a1e-2b3c4d5e6f70', '7', '1865200000'],
    ]) {
      expect(verifyLinkToken(secret, 'donor-recurring', `${changed.join('.')}.${signed}`, 3)).toBeNull();
    }
  });

  it('refuses to sign a part holding a dot or nothing', () => {
    expect(() => signLinkToken(secret, 'p', ['a.b'])).toThrow();
    expect(() => signLinkToken(secret, 'p', [''])).toThrow();
  });

  it('signs unsubscribe tokens as before, so links in mail already sent still work', () => {
    const supporterId = '3f1c2b7e-0d4a-4c55-9a1e-2b3c4d5e6f70';
    const hmac = createHmac('sha256', secret).update(`unsubscribe:${supporterId}`).digest('base64url');
    expect(signUnsubscribeToken(secret, supporterId)).toBe(`${supporterId}.${hmac}`);
  });
});

describe('RecipientLinkSigner', () => {
  it('signs the same unsubscribe and preferences tokens as the one-at-a-time functions', () => {
    const issuedAt = new Date('2026-12-07T04:00:00.123Z');
    for (const key of [secret, 'another-secret-that-is-at-least-32-characters-é', 'k'.repeat(90)]) {
      const signer = new RecipientLinkSigner(key, issuedAt);
      for (let n = 0; n < 200; n += 1) {
        const supporterId = n === 0 ? randomUUID().toUpperCase() : randomUUID();
        expect(signer.unsubscribeToken(supporterId)).toBe(signUnsubscribeToken(key, supporterId));
        expect(signer.preferencesToken(supporterId)).toBe(signPreferencesToken(key, supporterId, issuedAt));
        expect(verifyUnsubscribeToken(key, signer.unsubscribeToken(supporterId))).toBe(
          supporterId.toLowerCase(),
        );
      }
    }
  });

  it('refuses an id signLinkToken refuses', () => {
    const signer = new RecipientLinkSigner(secret);
    for (const bad of ['', 'a.b', 'é', 'x'.repeat(65)]) {
      expect(() => signUnsubscribeToken(secret, bad)).toThrow(/token part/);
      expect(() => signer.unsubscribeToken(bad)).toThrow(/token part/);
      expect(() => signer.preferencesToken(bad)).toThrow(/token part/);
    }
  });
});
