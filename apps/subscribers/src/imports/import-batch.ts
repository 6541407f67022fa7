import type { EntityManager } from 'typeorm';
import type { ImportRow } from './import-row';
import {
  markErasedRows,
  mergeStagedSupporters,
  recordStagedDepartures,
  subscribeStagedWithEvidence,
} from './imports.queries';
import { stageRows } from './stage-rows';

export interface BatchOutcome {
  imported: number;
  skipped: number;
}

interface UniqueRows {
  rows: ImportRow[];
  /** How many rows of the batch merged into each one; null when every address is there once. */
  copies: number[] | null;
}

/** Duplicates inside one batch merge into their first row before they reach the database. */
function mergeDuplicates(rows: ImportRow[]): UniqueRows {
  const byAddress = new Map<string, number>();
  const unique: ImportRow[] = [];
  const copies: number[] = [];
  for (const row of rows) {
    const index = byAddress.get(row.normalised);
    if (index === undefined) {
      byAddress.set(row.normalised, unique.length);
      unique.push(row);
      copies.push(1);
      continue;
    }
    const seen = unique[index]!;
    copies[index]!++;
    seen.firstName ??= row.firstName;
    seen.lastName ??= row.lastName;
    seen.tags = [...new Set([...seen.tags, ...row.tags])];
    seen.optedInAt ??= row.optedInAt;
    seen.confirmedAt ??= row.confirmedAt;
    seen.optInIp ??= row.optInIp;
    seen.left ??= row.left;
  }
  return unique.length === rows.length ? { rows, copies: null } : { rows: unique, copies };
}

/**
 * Writes one batch of valid rows in the caller's transaction: stages them with COPY, then merges
 * them set-wise into supporters by address (names only fill gaps, tags add up) and, when the file
 * carries consent evidence and staff named its source, subscribes people who have no subscription
 * yet. Addresses of erased people with no live supporter since are skipped (their tombstones stand).
 * Anyone who already unsubscribed, bounced or complained keeps that status. Replaying a batch
 * changes nothing more.
 */
export async function writeImportBatch(
  manager: EntityManager,
  batch: ImportRow[],
  consentSource: string | null,
): Promise<BatchOutcome> {
  if (batch.length === 0) return { imported: 0, skipped: 0 };
  const unique = mergeDuplicates(batch);
  await stageRows(manager, unique.rows, unique.copies);
  const skipped = await markErasedRows(manager);
  if (skipped === batch.length) return { imported: 0, skipped };
  await mergeStagedSupporters(manager, consentSource !== null);
  if (consentSource && unique.rows.some((row) => !row.left && (row.optedInAt ?? row.confirmedAt) !== null)) {
    await subscribeStagedWithEvidence(manager, `import:${consentSource}`);
  }
  // People the file says left the list (Mailchimp's unsubscribed and cleaned exports) are recorded
  // as unsubscribed or bounced, so neither this import nor a later one mails them.
  if (unique.rows.some((row) => row.left)) {
    await recordStagedDepartures(manager, `import:${consentSource ?? 'file'}`);
  }
  return { imported: batch.length - skipped, skipped };
}
