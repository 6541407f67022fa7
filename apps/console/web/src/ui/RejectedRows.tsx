import { count } from '../format';
import { saveFile } from '../supporters/download';
import { Table } from './Table';

/** A row an import refused: its line in the file (the header is line 1), the column, and why. */
export interface RejectedRow {
  line: number;
  field?: string | null;
  message: string;
}

const csvCell = (value: string): string =>
  /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

export function rejectedRowsCsv(errors: readonly RejectedRow[]): string {
  const lines = errors.map((error) =>
    [String(error.line), error.field ?? '', error.message].map(csvCell).join(','),
  );
  return ['line,field,reason', ...lines].join('\r\n') + '\r\n';
}

/** The rows an import refused, listed and downloadable, as a spreadsheet user would check them. */
export function RejectedRows({
  errors,
  rowsFailed,
  fileName,
}: {
  errors: readonly RejectedRow[];
  rowsFailed: number;
  fileName: string | null | undefined;
}) {
  if (errors.length === 0) return null;
  return (
    <section aria-labelledby="rejected-title">
      <h2 id="rejected-title">Rejected rows</h2>
      <p>
        These rows were not imported. Line numbers count the header as line 1, as a spreadsheet does.
        {rowsFailed > errors.length && ` The first ${count(errors.length)} are listed.`}
      </p>
      <button
        type="button"
        onClick={() =>
          saveFile(
            rejectedRowsCsv(errors),
            `rejected-rows-${fileName ?? 'import'}`.replace(/(\.csv)?$/, '.csv'),
            'text/csv',
          )
        }
      >
        Download rejected rows (CSV)
      </button>
      <Table columns={[{ label: 'Line', number: true }, 'Column', 'Reason']}>
        {errors.slice(0, 500).map((error) => (
          <tr key={`${error.line}-${error.field ?? ''}`}>
            <td className="number">{error.line}</td>
            <td>{error.field ?? '—'}</td>
            <td>{error.message}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
