import { parseEmailAddress } from './email-address';

describe('email addresses', () => {
  it('trims, lower-cases the domain and keys on the whole address lower-cased', () => {
    expect(parseEmailAddress('  Ada.Lovelace@Example.ORG ')).toEqual({
      email: 'Ada.Lovelace@example.org',
      normalised: 'ada.lovelace@example.org',
    });
    expect(parseEmailAddress("o'brien+news@mail.example.co.uk")?.normalised).toBe(
      "o'brien+news@mail.example.co.uk",
    );
    expect(parseEmailAddress('someone@xn--bcher-kva.example')?.email).toBe('someone@xn--bcher-kva.example');
  });

  it.each([
    '',
    'plainaddress',
    '@example.org',
    'someone@',
    'someone@example',
    'someone@localhost',
    'someone@printer.local',
    'someone@example.invalid',
    'someone@[192.0.2.1]',
    'someone@192.0.2.1',
    'two@@example.org',
    'a b@example.org',
    '"quoted"@example.org',
    '.dot@example.org',
    'dot.@example.org',
    'do..t@example.org',
    'someone@-bad.example.org',
    'someone@exa_mple.org',
    `${'a'.repeat(65)}@example.org`,
    `someone@${'a'.repeat(250)}.org`,
  ])('refuses %j as undeliverable', (input) => {
    expect(parseEmailAddress(input)).toBeNull();
  });
});
