import { createHmac, randomBytes } from 'node:crypto';
import { HmacSha256Key } from './hmac-sha256';

const asciiText = (length: number): string =>
  Array.from(randomBytes(length), (byte) => String.fromCharCode(byte & 0x7f)).join('');

describe('HmacSha256Key', () => {
  it('answers createHmac’s base64url MAC for every text length across three blocks, keys of every size', () => {
    for (const keyLength of [0, 1, 32, 45, 63, 64, 65, 100, 200]) {
      const key = randomBytes(keyLength);
      const signer = new HmacSha256Key(key);
      for (let length = 0; length <= 200; length += 1) {
        const text = asciiText(length);
        expect(signer.macAscii(text)).toBe(createHmac('sha256', key).update(text).digest('base64url'));
      }
    }
  });

  it('keeps each key’s state apart when signers alternate', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const [signerA, signerB] = [new HmacSha256Key(a), new HmacSha256Key(b)];
    for (const text of ['unsubscribe:x', 'preferences:y:z', '']) {
      expect(signerA.macAscii(text)).toBe(createHmac('sha256', a).update(text).digest('base64url'));
      expect(signerB.macAscii(text)).toBe(createHmac('sha256', b).update(text).digest('base64url'));
    }
  });

  it('refuses text that is not ASCII rather than signing other bytes', () => {
    expect(() => new HmacSha256Key(randomBytes(32)).macAscii('café')).toThrow(/ASCII/);
  });
});
