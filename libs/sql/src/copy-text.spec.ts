import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import { databaseUrl } from '@crm/testing';
import { copyTextField } from './copy-text';

describe('copyTextField', () => {
  it('round-trips nulls, tabs, line breaks, backslashes and a lone "\\." through COPY unchanged', async () => {
    const values = [
      null,
      'plain',
      'tab\there',
      'line\nbreak\r\nend',
      'back\\slash',
      '\\.',
      '\\N',
      'émoji 🎉',
      '',
    ];
    const client = new Client({ connectionString: databaseUrl('postgres') });
    await client.connect();
    try {
      await client.query('CREATE TEMP TABLE copied (n integer, value text)');
      const stream = client.query(copyFrom('COPY copied (n, value) FROM STDIN'));
      stream.end(values.map((value, n) => `${n}\t${copyTextField(value)}\n`).join(''));
      await finished(stream);
      const { rows } = await client.query<{ value: string | null }>('SELECT value FROM copied ORDER BY n');
      expect(rows.map((row) => row.value)).toEqual(values);
    } finally {
      await client.end();
    }
  });
});
