import type { EntityManager } from 'typeorm';
import { erasedEmailHash } from '../supporters/email-address';
import type { ImportRow } from './import-row';

/** Joins a row's tags into one array element; the separator cannot occur in a parsed tag. */
const TAG_SEPARATOR = '\u001f';

export interface BatchOutcome {
  imported: number;
  skipped: number;
}

/** Duplicates inside one batch merge into their first row before they reach the database. */
function mergeDuplicates(rows: ImportRow[]): ImportRow[] {
  const byAddress = new Map<string, ImportRow>();
  for (const row of rows) {
    const seen = byAddress.get(row.normalised);
    if (!seen) {
      byAddress.set(row.normalised, row);
      continue;
    }
    seen.firstName ??= row.firstName;
    seen.lastName ??= row.lastName;
    seen.tags = [...new Set([...seen.tags, ...row.tags])];
    seen.optedInAt ??= row.optedInAt;
    seen.confirmedAt ??= row.confirmedAt;
    seen.optInIp ??= row.optInIp;
    seen.left ??= row.left;
  }
  return byAddress.size === rows.length ? rows : [...byAddress.values()];
}

/** When each address of the batch that belongs to an erased person was erased. One primary-key lookup. */
async function erasureTimes(manager: EntityManager, rows: ImportRow[]): Promise<Map<string, Date>> {
  const byHash = new Map(rows.map((row) => [erasedEmailHash(row.normalised), row.normalised]));
  const tombstones = (await manager.query(
    `SELECT email_hash, erased_at FROM erased_emails WHERE email_hash = ANY($1::text[])`,
    [[...byHash.keys()]],
  )) as { email_hash: string; erased_at: Date }[];
  return new Map(tombstones.map((row) => [byHash.get(row.email_hash)!, row.erased_at]));
}

/** Erased addresses with no live supporter since: a re-import must not bring them back. */
async function goneAddresses(manager: EntityManager, erasedAt: Map<string, Date>): Promise<Set<string>> {
  if (erasedAt.size === 0) return new Set();
  const candidates = [...erasedAt.keys()];
  const live = (await manager.query(
    `SELECT email_normalised FROM supporters WHERE email_normalised = ANY($1::text[])`,
    [candidates],
  )) as { email_normalised: string }[];
  const liveSet = new Set(live.map((row) => row.email_normalised));
  return new Set(candidates.filter((address) => !liveSet.has(address)));
}

/**
 * Writes one batch of valid rows in the caller's transaction: merges them into supporters by
 * address (names only fill gaps, tags add up) and, when the file carries consent evidence and
 * staff named its source, subscribes people who have no subscription yet. Anyone who already
 * unsubscribed, bounced or complained keeps that status. Replaying a batch changes nothing more.
 */
export async function writeImportBatch(
  manager: EntityManager,
  batch: ImportRow[],
  consentSource: string | null,
): Promise<BatchOutcome> {
  const unique = mergeDuplicates(batch);
  const erasedAt = await erasureTimes(manager, unique);
  const gone = await goneAddresses(manager, erasedAt);
  const rows = unique.filter((row) => !gone.has(row.normalised));
  const skipped = batch.filter((row) => gone.has(row.normalised)).length;
  if (rows.length === 0) return { imported: 0, skipped };
  // Erasure withdrew any consent given before it: someone who came back since (a later gift)
  // is not subscribed again by an older list.
  const consentStands = (row: ImportRow): boolean => {
    const erased = erasedAt.get(row.normalised);
    const given = row.confirmedAt ?? row.optedInAt;
    return !erased || (given !== null && given > erased);
  };
  const subscribing = new Set(
    consentSource
      ? rows.filter((row) => !row.left && consentStands(row) && (row.optedInAt ?? row.confirmedAt) !== null)
      : [],
  );
  // A new supporter's subscription can only be the one inserted below, so the row is written with
  // its `newsletter_confirmed` copy already true: the subscriptions' trigger then has nothing to
  // rewrite (a second write of every imported row cost a consented import 30 % of its rate).
  // Existing supporters keep theirs; the trigger updates it if their subscription changes.
  const written = (await manager.query(
    `INSERT INTO supporters (email, email_normalised, first_name, last_name, tags, source, newsletter_confirmed)
     SELECT u.email, u.normalised, u.first_name, u.last_name, string_to_array(u.tags, E'\\x1f'), 'import',
            u.subscribing
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[])
         AS u(email, normalised, first_name, last_name, tags, subscribing)
     ON CONFLICT (email_normalised) DO UPDATE
       SET first_name = COALESCE(supporters.first_name, EXCLUDED.first_name),
           last_name = COALESCE(supporters.last_name, EXCLUDED.last_name),
           tags = ARRAY(SELECT DISTINCT unnest(supporters.tags || EXCLUDED.tags)),
           updated_at = now()
     RETURNING id, email_normalised`,
    [
      rows.map((row) => row.email),
      rows.map((row) => row.normalised),
      rows.map((row) => row.firstName),
      rows.map((row) => row.lastName),
      rows.map((row) => row.tags.join(TAG_SEPARATOR)),
      rows.map((row) => subscribing.has(row)),
    ],
  )) as { id: string; email_normalised: string }[];
  const idOf = new Map(written.map((row) => [row.email_normalised, row.id]));
  if (consentSource) await subscribeWithEvidence(manager, [...subscribing], idOf, consentSource);
  await recordDepartures(manager, rows, idOf, `import:${consentSource ?? 'file'}`);
  return { imported: batch.length - skipped, skipped };
}

/**
 * People the file says left the list (Mailchimp's unsubscribed and cleaned exports) are recorded
 * as unsubscribed or bounced, so neither this import nor a later one mails them; a subscription
 * confirmed here after they left stands. Replaying the batch changes nothing more.
 */
async function recordDepartures(
  manager: EntityManager,
  rows: ImportRow[],
  idOf: Map<string, string>,
  source: string,
): Promise<void> {
  const departed = rows.filter((row) => row.left);
  if (departed.length === 0) return;
  await manager.query(
    `WITH departed AS (
       INSERT INTO newsletter_subscriptions AS ns (supporter_id, status, unsubscribed_at, source)
       SELECT u.id, u.status, u.left_at, $4
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS u(id, status, left_at)
       ON CONFLICT (supporter_id) DO UPDATE
         SET status = EXCLUDED.status, unsubscribed_at = EXCLUDED.unsubscribed_at, updated_at = now()
         WHERE ns.status IN ('pending', 'subscribed')
           AND EXCLUDED.unsubscribed_at >= COALESCE(ns.confirmed_at, ns.requested_at, '-infinity')
       RETURNING supporter_id, status)
     INSERT INTO consent_events (supporter_id, kind, source)
     SELECT supporter_id, status, $4 FROM departed`,
    [
      departed.map((row) => idOf.get(row.normalised)),
      departed.map((row) => row.left!.status),
      departed.map((row) => row.left!.at),
      source,
    ],
  );
}

async function subscribeWithEvidence(
  manager: EntityManager,
  rows: ImportRow[],
  idOf: Map<string, string>,
  consentSource: string,
): Promise<void> {
  if (rows.length === 0) return;
  const source = `import:${consentSource}`;
  await manager.query(
    `WITH subscribed AS (
       INSERT INTO newsletter_subscriptions (supporter_id, status, requested_at, confirmed_at, source)
       SELECT u.id, 'subscribed', u.opted_in_at, COALESCE(u.confirmed_at, u.opted_in_at), $5
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[])
           AS u(id, opted_in_at, confirmed_at, ip)
       ON CONFLICT (supporter_id) DO NOTHING
       RETURNING supporter_id)
     INSERT INTO consent_events (supporter_id, kind, source, ip)
     SELECT u.id, 'imported', $5, u.ip
       FROM unnest($1::uuid[], $4::text[]) AS u(id, ip)
       JOIN subscribed s ON s.supporter_id = u.id`,
    [
      rows.map((row) => idOf.get(row.normalised)),
      rows.map((row) => row.optedInAt),
      rows.map((row) => row.confirmedAt),
      rows.map((row) => row.optInIp),
      source,
    ],
  );
}
