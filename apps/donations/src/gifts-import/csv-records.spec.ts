import { type CsvRecord, csvRecords, CsvSyntaxError } from './csv-records';

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

const read = async (text: string, size = 3): Promise<CsvRecord[]> => {
  const records: CsvRecord[] = [];
  for await (const batch of csvRecords(chunksOf(text, size))) records.push(...batch);
  return records;
};

describe('csvRecords', () => {
  const file =
    '\ufeffid,name,note\r\n1,Ada,plain\r\n\r\n2,"Babbage, Charles","said ""hi""\r\non two lines"\r\n3,Robert "Bob" Tables,x\n4,Zoë,"" \n5,last,no newline';

  it.each([1, 2, 5, 64, 10_000])(
    'reads quotes, commas, line breaks and lines the same in chunks of %i',
    async (size) => {
      expect(await read(file, size)).toEqual([
        { line: 1, cells: ['id', 'name', 'note'] },
        { line: 2, cells: ['1', 'Ada', 'plain'] },
        { line: 4, cells: ['2', 'Babbage, Charles', 'said "hi"\r\non two lines'] },
        { line: 6, cells: ['3', 'Robert "Bob" Tables', 'x'] },
        { line: 7, cells: ['4', 'Zoë', ' '] },
        { line: 8, cells: ['5', 'last', 'no newline'] },
      ]);
    },
  );

  it('refuses a quoted value that is never closed, naming its line', async () => {
    await expect(read('a,b\n1,"open\n2,3\n')).rejects.toEqual(
      new CsvSyntaxError(2, 'a quoted value is never closed'),
    );
  });
});
