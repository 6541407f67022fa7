import { randomUUID } from 'node:crypto';
import { signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from './signed-links';

const secret = 'a-test-secret-that-is-at-least-32-characters';

describe('unsubscribe tokens', () => {
  const supporterId = randomUUID();
  const token = signUnsubscribeToken(secret, supporterId);

  it('verifies to the supporter it was signed for', () => {
    expect(verifyUnsubscribeToken(secret, token)).toBe(supporterId);
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
