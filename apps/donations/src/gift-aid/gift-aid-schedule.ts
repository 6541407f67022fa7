import { csvLine } from '@crm/platform';
import { normalisePostcode } from '../common/postcode';

/** Column headings of HMRC's Gift Aid schedule spreadsheet, in its order. */
export const SCHEDULE_HEADER = [
  'Title',
  'First name',
  'Last name',
  'House name or number',
  'Postcode',
  'Aggregated donations',
  'Sponsored event',
  'Donation date',
  'Amount',
];

export interface ScheduleRow {
  title: string | null;
  first_name: string;
  last_name: string;
  house_name_or_number: string;
  postcode: string;
  paid_at: Date;
  amount: number;
}

const ukDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: '2-digit',
  month: '2-digit',
  year: '2-digit',
});

/** Pence as pounds with two decimals (HMRC wants "10.50", never a float artefact). */
export const pounds = (pence: number): string =>
  `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

/** HMRC's schedule has at most this many lines; the rest would not be attached to the claim. */
export const SCHEDULE_MAX_LINES = 1_000;

/**
 * One schedule line per donation: donor as declared, in the forms HMRC asks for (a double-barrelled
 * surname with a space, the postcode upper case with its space, even if declared before that was
 * enforced), date DD/MM/YY (UK), amount in pounds.
 */
export function scheduleLine(row: ScheduleRow): string {
  return csvLine([
    row.title,
    row.first_name,
    row.last_name.replaceAll('-', ' '),
    row.house_name_or_number,
    normalisePostcode(row.postcode),
    '',
    '',
    ukDate.format(row.paid_at),
    pounds(row.amount),
  ]);
}
