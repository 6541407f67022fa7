import { withoutControlCharacters } from '@crm/values';
import { strToU8, zipSync } from 'fflate';
import { pounds, SCHEDULE_HEADER, scheduleCells, scheduleDate, type ScheduleRow } from './gift-aid-schedule';

const MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/** XML-escaped, each control character a space (XML 1.0 cannot hold most; schedule cells are one line). */
const escapeXml = (text: string): string =>
  withoutControlCharacters(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

const textCell = (text: string): string =>
  text === ''
    ? '<table:table-cell/>'
    : `<table:table-cell office:value-type="string"><text:p>${escapeXml(text)}</text:p></table:table-cell>`;

const amountCell = (pence: number): string =>
  `<table:table-cell table:style-name="amount" office:value-type="float" office:value="${pounds(pence)}"><text:p>${pounds(pence)}</text:p></table:table-cell>`;

const row = (cells: string[]): string => `<table:table-row>${cells.join('')}</table:table-row>`;

/** The schedule's rows as HMRC's spreadsheet lays them out: item number, then its nine columns. */
function contentXml(rows: readonly ScheduleRow[]): string {
  const earliest = rows.reduce<Date | null>(
    (min, line) => (min === null || line.paid_at < min ? line.paid_at : min),
    null,
  );
  const lines = rows.map((line, index) => {
    const cells = scheduleCells(line);
    return row([
      `<table:table-cell office:value-type="float" office:value="${index + 1}"><text:p>${index + 1}</text:p></table:table-cell>`,
      ...cells.slice(0, -1).map(textCell),
      amountCell(line.amount),
    ]);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">
<office:automatic-styles>
<number:number-style style:name="pounds"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/></number:number-style>
<style:style style:name="amount" style:family="table-cell" style:data-style-name="pounds"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Gift Aid schedule">
<table:table-column table:number-columns-repeated="10"/>
${row([textCell('Earliest donation date in the period of claim (DD/MM/YY)'), textCell(earliest ? scheduleDate(earliest) : '')])}
${row([textCell('Item'), ...SCHEDULE_HEADER.map(textCell)])}
${lines.join('\n')}
</table:table></office:spreadsheet></office:body></office:document-content>`;
}

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="${MIMETYPE}" manifest:version="1.2"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`;

/**
 * The claim's schedule as an OpenDocument spreadsheet (.ods) laid out like HMRC's: the earliest
 * donation date, then the column headings and one row per line, so staff copy the block into
 * HMRC's template. ODF requires `mimetype` to be the first entry, stored uncompressed.
 */
export function scheduleOds(rows: readonly ScheduleRow[]): Buffer {
  const zipped = zipSync(
    {
      mimetype: [strToU8(MIMETYPE), { level: 0 }],
      'META-INF/manifest.xml': strToU8(MANIFEST),
      'content.xml': strToU8(contentXml(rows)),
    },
    { level: 6 },
  );
  return Buffer.from(zipped);
}
