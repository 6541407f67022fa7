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

/** One line of a claim: a gift with its donor as declared, or an aggregate of small gifts. */
export interface ScheduleRow {
  line: number;
  aggregated: boolean;
  gifts: number;
  title: string | null;
  first_name: string | null;
  last_name: string | null;
  house_name_or_number: string | null;
  postcode: string | null;
  /** The gift's date, or the last gift's for an aggregate. */
  paid_at: Date;
  amount: number;
}

const ukDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: '2-digit',
  month: '2-digit',
  year: '2-digit',
});

/** DD/MM/YY in London, as HMRC's schedule wants dates. */
export const scheduleDate = (date: Date): string => ukDate.format(date);

/** Pence as pounds with two decimals (HMRC wants "10.50", never a float artefact). */
export const pounds = (pence: number): string =>
  `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;

/** HMRC's short description of an aggregated line (at most 35 characters). */
export const aggregateDescription = (gifts: number): string =>
  `${gifts} small donation${gifts === 1 ? '' : 's'}`;

/**
 * A schedule line's cells, in the forms HMRC asks for: the donor as declared (a double-barrelled
 * surname with a space, the postcode upper case with its space, even if declared before that was
 * enforced), or for an aggregate no donor and a short description; date DD/MM/YY (UK), amount in
 * pounds.
 */
export function scheduleCells(row: ScheduleRow): string[] {
  const donor = row.aggregated
    ? ['', '', '', '', '', aggregateDescription(row.gifts)]
    : [
        row.title ?? '',
        row.first_name ?? '',
        (row.last_name ?? '').replaceAll('-', ' '),
        row.house_name_or_number ?? '',
        row.postcode ? normalisePostcode(row.postcode) : '',
        '',
      ];
  return [...donor, '', scheduleDate(row.paid_at), pounds(row.amount)];
}

export const scheduleLine = (row: ScheduleRow): string => csvLine(scheduleCells(row));
