import { mapColumns } from './csv-columns';
import { isRowError, parseImportRow, parseTags } from './import-row';

const MAILCHIMP = [
  'Email Address',
  'First Name',
  'Last Name',
  'MEMBER_RATING',
  'OPTIN_TIME',
  'OPTIN_IP',
  'CONFIRM_TIME',
  'CONFIRM_IP',
  'TAGS',
];

describe('CSV columns and rows', () => {
  it('recognises a Mailchimp audience export and a plain file, and refuses a file without emails', () => {
    expect(mapColumns(MAILCHIMP)).toMatchObject({
      format: 'mailchimp',
      email: 0,
      firstName: 1,
      lastName: 2,
      optInTime: 4,
      confirmIp: 7,
      tags: 8,
    });
    expect(mapColumns(['email', 'first_name', 'last_name', 'tags'])).toMatchObject({
      format: 'plain',
      email: 0,
      tags: 3,
      optInTime: -1,
    });
    expect(mapColumns([' E-Mail ', 'Surname'])).toMatchObject({ email: 0, lastName: 1 });
    expect(mapColumns(['name', 'phone'])).toBeNull();
  });

  it('maps a Mailchimp row with its consent evidence', () => {
    const columns = mapColumns(MAILCHIMP)!;
    const row = parseImportRow(
      [
        'Ada@Example.org',
        'Ada',
        'Lovelace',
        '2',
        '2024-03-01 10:15:00',
        '192.0.2.1',
        '2024-03-01 10:20:00',
        '192.0.2.2',
        '"Donor","Volunteer"',
      ],
      columns,
      7,
    );
    expect(row).toEqual({
      email: 'Ada@example.org',
      normalised: 'ada@example.org',
      firstName: 'Ada',
      lastName: 'Lovelace',
      tags: ['Donor', 'Volunteer'],
      optedInAt: new Date('2024-03-01T10:15:00Z'),
      confirmedAt: new Date('2024-03-01T10:20:00Z'),
      optInIp: '192.0.2.2',
      left: null,
    });
  });

  it('names the line and field of each unusable row', () => {
    const columns = mapColumns(MAILCHIMP)!;
    const row = (cells: Partial<Record<number, string>>, line: number) =>
      parseImportRow(
        MAILCHIMP.map((_, index) => cells[index] ?? ''),
        columns,
        line,
      );
    expect(row({}, 2)).toEqual({ line: 2, field: 'email', message: 'is empty' });
    expect(row({ 0: 'nope' }, 3)).toEqual({
      line: 3,
      field: 'email',
      message: 'is not an address that can receive mail',
    });
    expect(row({ 0: 'a@example.org', 4: 'yesterday' }, 4)).toEqual({
      line: 4,
      field: 'optin_time',
      message: 'is not a date and time',
    });
    expect(row({ 0: 'a@example.org', 1: 'x'.repeat(101) }, 5)).toMatchObject({
      line: 5,
      field: 'first_name',
    });
    // A line break in a name breaks mail headers; SendGrid refuses the whole batch it is in.
    expect(row({ 0: 'a@example.org', 1: 'Ada\nBcc: x@example.org' }, 8)).toEqual({
      line: 8,
      field: 'first_name',
      message: 'holds a line break, tab or other control character',
    });
    expect(row({ 0: 'a@example.org', 2: 'Love\u0085lace' }, 9)).toMatchObject({
      line: 9,
      field: 'last_name',
    });
    expect(parseImportRow(['a@example.org'], columns, 6)).toEqual({
      line: 6,
      message: 'has 1 value where the header has 9 columns',
    });
    expect(isRowError(row({ 0: 'a@example.org' }, 7))).toBe(false);
  });

  it('splits tags on commas, semicolons and bars, dropping quotes, blanks and repeats', () => {
    expect(parseTags('a; b |c,a,, ')).toEqual(['a', 'b', 'c']);
    expect(parseTags('"Major donor","Volunteer"')).toEqual(['Major donor', 'Volunteer']);
    expect(parseTags('')).toEqual([]);
  });
});
