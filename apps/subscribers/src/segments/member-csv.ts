import type { MemberRow } from '@crm/segments';

export const MEMBER_CSV_HEADER = 'id,first_name,last_name,email,source,tags,created_at\r\n';

/**
 * One CSV cell: quoted, and a leading =, +, -, @, tab or carriage return is prefixed with an
 * apostrophe so a spreadsheet shows it as text instead of running it as a formula.
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${inert.replace(/"/g, '""')}"`;
}

export const memberCsvLine = (row: MemberRow): string =>
  [
    row.id,
    row.first_name,
    row.last_name,
    row.email,
    row.source,
    row.tags.join(';'),
    row.created_at.toISOString(),
  ]
    .map(csvCell)
    .join(',') + '\r\n';
