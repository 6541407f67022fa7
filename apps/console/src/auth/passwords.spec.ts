import { hash, parseOptions } from '@node-rs/argon2';
import { ARGON2_OPTIONS, hashPassword, passwordProblem, verifyPassword } from './passwords';

describe('staff passwords', () => {
  it('hashes with argon2id at m=19456 KiB, t=2, p=1 into a PHC string with a fresh salt', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(parseOptions(first)).toMatchObject({
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
      saltLen: 16,
    });
    expect(second).not.toBe(first);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('verifies a hash stored with other argon2id parameters, since they travel in the PHC string', async () => {
    const older = await hash('correct horse battery staple', {
      ...ARGON2_OPTIONS,
      memoryCost: 8192,
      timeCost: 3,
      parallelism: 1,
    });
    await expect(verifyPassword('correct horse battery staple', older)).resolves.toBe(true);
  });

  it('answers false, never throws, for anything that is not an argon2id PHC string', async () => {
    const argon2i = '$argon2i$v=19$m=16,t=2,p=1$c29tZXNhbHQ$5dsrY8Kbx0Z5W0ylpn3a6A';
    for (const stored of [
      '',
      'not a hash',
      'scrypt$65536$8$1$c2FsdA$a2V5',
      '$argon2id$v=19$m=19456,t=2,p=1$broken',
      '$argon2id$',
      argon2i,
    ]) {
      await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(false);
    }
  });

  it('refuses short, overlong and common passwords in words for the person choosing one', () => {
    expect(passwordProblem('short')).toBe('must be at least 12 characters');
    expect(passwordProblem('x'.repeat(257))).toBe('must be at most 256 characters');
    expect(passwordProblem('password1234')).toBe('is one of the most common passwords; choose another');
    expect(passwordProblem('correct horse battery staple')).toBeNull();
  });
});
