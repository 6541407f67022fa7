import type { GiftImportLayout } from '@crm/entities';

/** Where each field sits in the file; -1 when the file has no such column. */
export interface GiftColumns {
  layout: GiftImportLayout;
  width: number;
  /** The platform's own id of the donation (JustGiving, Enthuse): the re-upload key. */
  platformId: number;
  date: number;
  amount: number;
  currency: number;
  email: number;
  firstName: number;
  lastName: number;
  supporterId: number;
  method: number;
  campaign: number;
  reference: number;
  giftAid: number;
}

type Field = Exclude<keyof GiftColumns, 'layout' | 'width'>;

/** Header spellings per layout, compared after `key` (lower case, spaces and dashes as `_`). */
const LAYOUTS: Record<GiftImportLayout, Partial<Record<Field, string[]>>> = {
  plain: {
    date: ['date', 'received_at', 'date_received', 'received'],
    amount: ['amount'],
    currency: ['currency'],
    email: ['email', 'email_address'],
    firstName: ['first_name', 'firstname'],
    lastName: ['last_name', 'lastname', 'surname'],
    supporterId: ['supporter_id'],
    method: ['method', 'payment_method'],
    campaign: ['campaign', 'appeal'],
    reference: ['reference', 'cheque_number', 'ref'],
    giftAid: ['gift_aid'],
  },
  // JustGiving's donation (payment) report.
  justgiving: {
    platformId: ['donation_id', 'donation_ref'],
    date: ['donation_date', 'date'],
    amount: ['donation_amount', 'amount'],
    currency: ['currency_code', 'currency'],
    email: ['donor_email', 'email'],
    firstName: ['donor_first_name', 'first_name'],
    lastName: ['donor_last_name', 'last_name'],
    campaign: ['event_name', 'appeal_name', 'page_title'],
  },
  // Enthuse's payments report.
  enthuse: {
    platformId: ['payment_id'],
    date: ['date', 'payment_date'],
    amount: ['payment_amount', 'amount'],
    currency: ['currency'],
    email: ['email', 'supporter_email'],
    firstName: ['first_name', 'supporter_first_name'],
    lastName: ['last_name', 'supporter_last_name'],
    campaign: ['campaign', 'event_name'],
    reference: ['transaction_reference'],
  },
};

/** The columns a layout cannot do without. */
const REQUIRED: Record<GiftImportLayout, Field[]> = {
  plain: ['date', 'amount'],
  justgiving: ['platformId', 'date', 'amount'],
  enthuse: ['platformId', 'date', 'amount'],
};

const key = (header: string): string =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** Reads the header row; the names of missing required columns when the file lacks them. */
export function mapGiftColumns(
  header: string[],
  layout: GiftImportLayout,
): GiftColumns | { missing: string[] } {
  const keys = header.map(key);
  const aliases = LAYOUTS[layout];
  const find = (field: Field): number => {
    for (const alias of aliases[field] ?? []) {
      const index = keys.indexOf(alias);
      if (index >= 0) return index;
    }
    return -1;
  };
  const columns: GiftColumns = {
    layout,
    width: header.length,
    platformId: find('platformId'),
    date: find('date'),
    amount: find('amount'),
    currency: find('currency'),
    email: find('email'),
    firstName: find('firstName'),
    lastName: find('lastName'),
    supporterId: find('supporterId'),
    method: find('method'),
    campaign: find('campaign'),
    reference: find('reference'),
    giftAid: find('giftAid'),
  };
  const missing = REQUIRED[layout].filter((field) => columns[field] < 0).map((field) => aliases[field]![0]!);
  return missing.length > 0 ? { missing } : columns;
}
