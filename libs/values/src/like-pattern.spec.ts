import { databaseUrl } from '@crm/testing';
import { Client } from 'pg';
import { escapeLike, likeContaining, likePrefix } from './like-pattern';

describe('LIKE patterns', () => {
  it('escapes the wildcards and the escape character itself', () => {
    expect(escapeLike('100%_sure\\really')).toBe('100\\%\\_sure\\\\really');
    expect(escapeLike('plain text')).toBe('plain text');
    expect(likePrefix('ada_')).toBe('ada\\_%');
    expect(likeContaining('50%')).toBe('%50\\%%');
  });

  describe('in PostgreSQL, as bound values without an ESCAPE clause', () => {
    const db = new Client({ connectionString: databaseUrl('postgres') });
    beforeAll(() => db.connect());
    afterAll(() => db.end());

    const matches = async (value: string, pattern: string): Promise<boolean> =>
      (await db.query<{ matches: boolean }>('SELECT $1::text LIKE $2::text AS matches', [value, pattern]))
        .rows[0]!.matches;

    it('matches the typed text literally; only the pattern’s own wildcard matches anything', async () => {
      expect(await matches('a_b@example.org', likePrefix('a_b'))).toBe(true);
      expect(await matches('axb@example.org', likePrefix('a_b'))).toBe(false);
      expect(await matches('%discount', likePrefix('%'))).toBe(true);
      expect(await matches('anything', likePrefix('%'))).toBe(false);
      expect(await matches('c:\\temp', likeContaining('\\t'))).toBe(true);
      expect(await matches('c:temp', likeContaining('\\t'))).toBe(false);
      expect(await matches('say 100% sure', likeContaining('100%'))).toBe(true);
      expect(await matches('say 1000 sure', likeContaining('100%'))).toBe(false);
    });
  });
});
