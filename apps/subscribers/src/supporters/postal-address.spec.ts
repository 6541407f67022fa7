import { normaliseUkPostcode, phoneE164, storedPostcode } from './postal-address';

describe('UK postcodes', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    [' SW1A  1AA ', 'SW1A 1AA'],
    ['m11ae', 'M1 1AE'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['b338th', 'B33 8TH'],
    ['w1a0ax', 'W1A 0AX'],
    ['cr26xh', 'CR2 6XH'],
    ['dn551pt', 'DN55 1PT'],
    ['eh11yz', 'EH1 1YZ'],
  ])('reads %j as %s', (text, normalised) => expect(normaliseUkPostcode(text)).toBe(normalised));

  it.each(['SW1A', 'SW1A 1A', '12345', 'SW1A 1AAA', '', 'QA1 1AA', 'AI1 1AA', 'SW1A 1CA'])(
    'refuses %j: not a full postcode, or a letter no postcode has in that place',
    (text) => expect(normaliseUkPostcode(text)).toBeNull(),
  );

  it('normalises only a GB address, and keeps another country’s postcode as given', () => {
    expect(storedPostcode('bs14dj', 'GB')).toBe('BS1 4DJ');
    expect(storedPostcode(' 75001 ', 'FR')).toBe('75001');
    expect(storedPostcode('', 'FR')).toBeNull();
    expect(storedPostcode(null, 'GB')).toBeNull();
  });
});

describe('phone numbers', () => {
  it('stores a UK number and its international form as the same E.164 number', () => {
    expect(phoneE164('07911 123456')).toBe('+447911123456');
    expect(phoneE164('+44 7911 123456')).toBe('+447911123456');
    expect(phoneE164('(0113) 496 0000')).toBe('+441134960000');
  });

  it('keeps an international number and refuses what is not a number', () => {
    expect(phoneE164('+33 1 42 68 53 00')).toBe('+33142685300');
    expect(phoneE164('12345')).toBeNull();
    expect(phoneE164('call me')).toBeNull();
  });
});
