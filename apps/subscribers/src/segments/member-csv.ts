import { csvLine } from '@crm/platform';
import type { MemberRow } from '@crm/segments';

const MEMBER_CSV_HEADER = csvLine(['id', 'first_name', 'last_name', 'email', 'source', 'tags', 'created_at']);

const memberCsvLine = (row: MemberRow): string =>
  csvLine([
    row.id,
    row.first_name,
    row.last_name,
    row.email,
    row.source,
    row.tags.join(';'),
    row.created_at.toISOString(),
  ]);

/** The members export: its header, then one chunk per batch of members. */
export async function* memberCsv(batches: AsyncIterable<MemberRow[]>): AsyncGenerator<string> {
  yield MEMBER_CSV_HEADER;
  for await (const batch of batches) yield batch.map(memberCsvLine).join('');
}
