import { addressHash } from '@crm/values';
import type { EntityManager } from 'typeorm';
import type { ImportRow } from './import-row';
import {
  recordDepartures as recordDepartureRows,
  subscribeWithEvidence as subscribeRows,
  supporterAddressesAmong,
  tombstonesOf,
  upsertImportedSupporters,
} from './imports.queries';

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
  const byHash = new Map(rows.map((row) => [addressHash(row.normalised), row.normalised]));
  const tombstones = await tombstonesOf(manager, [...byHash.keys()]);
  return new Map(tombstones.map((row) => [byHash.get(row.email_hash)!, row.erased_at]));
}

/** Erased addresses with no live supporter since: a re-import must not bring them back. */
async function goneAddresses(manager: EntityManager, erasedAt: Map<string, Date>): Promise<Set<string>> {
  if (erasedAt.size === 0) return new Set();
  const candidates = [...erasedAt.keys()];
  const liveSet = new Set(await supporterAddressesAmong(manager, candidates));
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
  const written = await upsertImportedSupporters(manager, {
    emails: rows.map((row) => row.email),
    normalised: rows.map((row) => row.normalised),
    firstNames: rows.map((row) => row.firstName),
    lastNames: rows.map((row) => row.lastName),
    tags: rows.map((row) => row.tags.join(TAG_SEPARATOR)),
    subscribing: rows.map((row) => subscribing.has(row)),
  });
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
  await recordDepartureRows(
    manager,
    {
      supporterIds: departed.map((row) => idOf.get(row.normalised)!),
      statuses: departed.map((row) => row.left!.status),
      leftAt: departed.map((row) => row.left!.at),
    },
    source,
  );
}

async function subscribeWithEvidence(
  manager: EntityManager,
  rows: ImportRow[],
  idOf: Map<string, string>,
  consentSource: string,
): Promise<void> {
  if (rows.length === 0) return;
  await subscribeRows(
    manager,
    {
      supporterIds: rows.map((row) => idOf.get(row.normalised)!),
      optedInAt: rows.map((row) => row.optedInAt),
      confirmedAt: rows.map((row) => row.confirmedAt),
      optInIps: rows.map((row) => row.optInIp),
    },
    `import:${consentSource}`,
  );
}
