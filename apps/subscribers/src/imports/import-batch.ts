import type { EntityManager } from 'typeorm';
import {
  markErasedRows,
  mergeStagedDuplicates,
  mergeStagedSupporters,
  recordStagedDepartures,
  subscribeStagedWithEvidence,
} from './imports.queries';
import { stageRows, type StagedText } from './stage-rows';

/** One batch of valid rows, as COPY text (`stagedLine`). */
export interface StagedBatch {
  text: StagedText;
  /** Whether any row carries consent evidence (an opt-in or confirm time) without having left. */
  evidence: boolean;
  /** Whether any row says the person left the list. */
  departures: boolean;
}

export interface BatchOutcome {
  imported: number;
  skipped: number;
}

/**
 * Writes one batch of valid rows in the caller's transaction: stages them with COPY, merges rows
 * sharing an address into their first one, then merges them set-wise into supporters by address
 * (names only fill gaps, tags add up) and, when the file carries consent evidence and staff named
 * its source, subscribes people who have no subscription yet. Addresses of erased people with no
 * live supporter since are skipped (their tombstones stand). Anyone who already unsubscribed,
 * bounced or complained keeps that status. Replaying a batch changes nothing more.
 */
export async function writeImportBatch(
  manager: EntityManager,
  batch: StagedBatch,
  consentSource: string | null,
): Promise<BatchOutcome> {
  const rows = batch.text.rows;
  if (rows === 0) return { imported: 0, skipped: 0 };
  await stageRows(manager, batch.text);
  await mergeStagedDuplicates(manager);
  const skipped = await markErasedRows(manager);
  if (skipped === rows) return { imported: 0, skipped };
  await mergeStagedSupporters(manager, consentSource !== null);
  if (consentSource && batch.evidence) await subscribeStagedWithEvidence(manager, `import:${consentSource}`);
  // People the file says left the list (Mailchimp's unsubscribed and cleaned exports) are recorded
  // as unsubscribed or bounced, so neither this import nor a later one mails them.
  if (batch.departures) await recordStagedDepartures(manager, `import:${consentSource ?? 'file'}`);
  return { imported: rows - skipped, skipped };
}
