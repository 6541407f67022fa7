import { csvLine } from './csv';

describe('csvLine', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', 'plain'])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),plain\r\n`,
    );
  });

  it('quotes commas, quotes and newlines, and leaves numbers and empty cells alone', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', 1250, null, undefined])).toBe(
      '"a,b","say ""hi""","two\nlines",1250,,\r\n',
    );
  });
});
