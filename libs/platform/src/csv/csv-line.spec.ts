import { csvLine } from './csv-line';

describe('csvLine', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', '\r=1', '\0=1', 'plain'])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),'\tx,"'\r=1",'\0=1,plain\r\n`,
    );
  });

  it('quotes commas, quotes and line breaks, and leaves numbers and empty cells alone', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', 'a;b', 1250, -300, null, undefined, ''])).toBe(
      '"a,b","say ""hi""","two\nlines",a;b,1250,-300,,,\r\n',
    );
  });

  it('ends every line with CRLF, an empty line included', () => {
    expect(csvLine([])).toBe('\r\n');
    expect(csvLine(['id', 'email'])).toBe('id,email\r\n');
  });
});
