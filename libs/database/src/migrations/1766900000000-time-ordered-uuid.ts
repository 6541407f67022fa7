import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `uuid_time_ordered()`: a UUID version 7 (RFC 9562): the millisecond clock in its first 48 bits,
 * then 74 random bits taken from `gen_random_uuid()`. Rows given such ids in the order they are
 * written land at the right-hand end of their primary key's index instead of on a random leaf, so
 * a bulk insert (the gifts import) dirties one index page per few hundred rows, not one per row.
 * The ids stay unique by the primary key and unguessable by their random bits.
 */
export class TimeOrderedUuid1766900000000 implements MigrationInterface {
  name = 'TimeOrderedUuid1766900000000';

  async up(db: QueryRunner): Promise<void> {
    // Bits 52 and 53 (of byte 6's high nibble) turn version 4 (0100) into version 7 (0111); the
    // variant bits (10) are already those of version 4.
    await db.query(`
      CREATE FUNCTION uuid_time_ordered() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(set_bit(set_bit(
                 overlay(uuid_send(gen_random_uuid())
                   PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                   FROM 1 FOR 6),
                 52, 1), 53, 1), 'hex')::uuid
      $$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION uuid_time_ordered();`);
  }
}
