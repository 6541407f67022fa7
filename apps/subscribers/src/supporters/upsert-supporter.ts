import type { EntityManager } from 'typeorm';
import type { EmailAddress } from './email-address';
import type { PersonName } from './person-name';

/**
 * Finds or creates the one supporter for a normalised address, filling in a name only where none
 * is known yet (staff edits win). Race-free: the unique key on `email_normalised` decides.
 */
export async function upsertSupporter(
  manager: EntityManager,
  address: EmailAddress,
  name: PersonName,
  source: string,
): Promise<string> {
  const rows = (await manager.query(
    `INSERT INTO supporters (email, email_normalised, first_name, last_name, source)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email_normalised) DO UPDATE
       SET first_name = COALESCE(supporters.first_name, EXCLUDED.first_name),
           last_name = COALESCE(supporters.last_name, EXCLUDED.last_name)
     RETURNING id`,
    [address.email, address.normalised, name.firstName, name.lastName, source],
  )) as { id: string }[];
  return rows[0]!.id;
}
