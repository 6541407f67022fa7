import { addressHash, normaliseEmail } from './email';

describe('normaliseEmail', () => {
  it('trims and lower-cases the whole address, local part included', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.ORG \t')).toBe('ada.lovelace@example.org');
    expect(normaliseEmail("O'Brien+News@Mail.Example.co.uk")).toBe("o'brien+news@mail.example.co.uk");
  });

  it('leaves a key as it is, so normalising twice changes nothing', () => {
    expect(normaliseEmail('ada@example.org')).toBe('ada@example.org');
    expect(normaliseEmail(normaliseEmail(' ADA@EXAMPLE.ORG '))).toBe('ada@example.org');
  });

  it('keeps what is not a letter as it was (no plus-tag or dot folding)', () => {
    expect(normaliseEmail('a.d.a+tag@example.org')).toBe('a.d.a+tag@example.org');
  });
});

describe('addressHash', () => {
  it('is the SHA-256 of the normalised address, different for different addresses', () => {
    expect(addressHash('ada@example.org')).toBe(
      'cfe00dde46ef942601ffafb9e2825e802858b460e586b8305b344c1eb826357d',
    );
    expect(addressHash('ada@example.org')).not.toBe(addressHash('ada@example.com'));
  });
});
