import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanCsvFile } from './scan-csv-file';

/** A file stream reads 64 KiB chunks: these bytes put a character across the first boundary. */
const CHUNK = 64 * 1024;

describe('scanCsvFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scan-csv-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const scan = async (bytes: Buffer) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
    await writeFile(path, bytes);
    return scanCsvFile(path);
  };
  const header = Buffer.from('email,first_name\n');
  const across = (character: Buffer): Buffer =>
    Buffer.concat([header, Buffer.alloc(CHUNK - header.length - 1, 'a'), character, Buffer.from('\n')]);

  it('takes a UTF-8 character split across two chunks as UTF-8', async () => {
    expect(await scan(across(Buffer.from('é')))).toEqual({ dataLines: 1, encoding: 'utf-8' });
    expect((await scan(across(Buffer.from('😀')))).encoding).toBe('utf-8');
  });

  it('reads a file with a byte UTF-8 cannot hold, or a character cut off at its end, as Windows-1252', async () => {
    expect((await scan(Buffer.concat([header, Buffer.from([0x5a, 0x6f, 0xeb, 0x0a])]))).encoding).toBe(
      'windows-1252',
    );
    expect((await scan(Buffer.concat([header, Buffer.from([0x5a, 0xc3])]))).encoding).toBe('windows-1252');
  });
});
