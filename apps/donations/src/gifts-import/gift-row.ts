import { type ImportRowError, OFFLINE_DONATION_METHODS, type OfflineDonationMethod } from '@crm/entities';
import { hasControlCharacters, normaliseEmail, withoutNul } from '@crm/values';
import { z } from 'zod';
import { MAX_OFFLINE_AMOUNT } from '../offline-gifts/dto/offline-gift.dto';
import { parseGiftDate } from '../offline-gifts/gift-date';
import type { GiftColumns } from './gift-columns';

/** One valid gift row, ready to insert. */
export interface GiftRow {
  /** What a second upload of the same gift is recognised by. */
  key: string;
  supporterId: string | null;
  email: string | null;
  normalised: string | null;
  donorName: string | null;
  amount: number;
  currency: string;
  paidAt: Date;
  method: OfflineDonationMethod;
  campaign: string | null;
  reference: string | null;
  giftAid: boolean;
}

/** What every row of one import shares. */
export interface GiftRowContext {
  currencies: readonly string[];
  defaultCurrency: string;
  defaultCampaign: string | null;
  now: Date;
}

const MAX_TEXT = 100;
const AMOUNT = /^(\d{1,9})(?:\.(\d{1,2}))?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);
const emailSchema = z.email();

const cell = (record: string[], index: number): string =>
  index >= 0 ? withoutNul(record[index] ?? '').trim() : '';

/** `25`, `25.5`, `£1,234.50` → minor units; null when it is not a positive amount. */
export function parseAmount(text: string): number | null {
  const match = AMOUNT.exec(text.replace(/^£/, '').replace(/,/g, ''));
  if (!match) return null;
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return minor > 0 ? minor : null;
}

/** Dates repeat across a file: each distinct text is parsed once per import. */
export class GiftDates {
  private readonly parsed = new Map<string, ReturnType<typeof parseGiftDate>>();
  constructor(private readonly now: Date) {}
  get(text: string): ReturnType<typeof parseGiftDate> {
    let date = this.parsed.get(text);
    if (!date) {
      date = parseGiftDate(text, this.now);
      this.parsed.set(text, date);
    }
    return date;
  }
}

const methodOf = (text: string): OfflineDonationMethod | null => {
  const method = text.toLowerCase().replace(/[\s-]+/g, '_');
  return (OFFLINE_DONATION_METHODS as readonly string[]).includes(method)
    ? (method as OfflineDonationMethod)
    : null;
};

/** Validates one data record; returns the gift or the reason it cannot be imported. */
export function parseGiftRow(
  record: string[],
  columns: GiftColumns,
  line: number,
  context: GiftRowContext,
  dates: GiftDates,
): GiftRow | ImportRowError {
  if (record.length !== columns.width) {
    return {
      line,
      message: `has ${record.length} ${record.length === 1 ? 'value' : 'values'} where the header has ${columns.width} columns`,
    };
  }
  const platform = columns.layout !== 'plain';
  const amountText = cell(record, columns.amount);
  const amount = parseAmount(amountText);
  if (amount === null) {
    const message = amountText.startsWith('-')
      ? 'is negative (a refund): only gifts are imported'
      : 'is not an amount such as 25.00';
    return { line, field: 'amount', message };
  }
  if (amount > MAX_OFFLINE_AMOUNT) return { line, field: 'amount', message: 'is more than £10,000,000' };
  const date = dates.get(cell(record, columns.date));
  if ('problem' in date) return { line, field: 'date', message: date.problem };
  const currency = (cell(record, columns.currency) || context.defaultCurrency).toLowerCase();
  if (!context.currencies.includes(currency))
    return { line, field: 'currency', message: `is not one of ${context.currencies.join(', ')}` };
  const email = cell(record, columns.email) || null;
  if (email && (email.length > 254 || !emailSchema.safeParse(email).success))
    return { line, field: 'email', message: 'is not an email address' };
  const supporterId = cell(record, columns.supporterId) || null;
  if (supporterId && !UUID.test(supporterId)) return { line, field: 'supporter_id', message: 'is not an id' };
  const firstName = cell(record, columns.firstName);
  const lastName = cell(record, columns.lastName);
  const campaign = cell(record, columns.campaign) || context.defaultCampaign;
  const reference = cell(record, columns.reference) || null;
  for (const [field, text] of [
    ['first_name', firstName],
    ['last_name', lastName],
    ['campaign', campaign ?? ''],
    ['reference', reference ?? ''],
  ] as const) {
    if (text.length > MAX_TEXT) return { line, field, message: `is longer than ${MAX_TEXT} characters` };
    if (hasControlCharacters(text))
      return { line, field, message: 'holds a line break or control character' };
  }
  let method: OfflineDonationMethod = 'third_party';
  let giftAid = false;
  if (!platform) {
    const methodText = cell(record, columns.method);
    const parsed = methodText ? methodOf(methodText) : 'other';
    if (!parsed)
      return { line, field: 'method', message: `is not one of ${OFFLINE_DONATION_METHODS.join(', ')}` };
    method = parsed;
    const giftAidText = cell(record, columns.giftAid).toLowerCase();
    if (!YES.has(giftAidText) && !NO.has(giftAidText))
      return { line, field: 'gift_aid', message: 'is not yes or no' };
    giftAid = YES.has(giftAidText) && currency === 'gbp';
  }
  const normalised = email ? normaliseEmail(email) : null;
  const platformId = cell(record, columns.platformId);
  const sum = `${date.day}:${amount}${currency}`;
  let key: string;
  if (platform) {
    if (!platformId)
      return {
        line,
        field: columns.layout === 'enthuse' ? 'payment_id' : 'donation_id',
        message: 'is empty',
      };
    key = `${columns.layout}:${platformId}`;
  } else if (reference) key = `ref:${reference}:${sum}`;
  else if (supporterId || normalised) key = `donor:${supporterId ?? normalised}:${sum}`;
  else
    return {
      line,
      field: 'reference',
      message:
        'is needed when the row names no donor (it is what stops a second upload adding the gift again)',
    };
  return {
    key,
    supporterId,
    email,
    normalised,
    donorName: [firstName, lastName].filter(Boolean).join(' ') || null,
    amount,
    currency,
    paidAt: date.at,
    method,
    campaign,
    reference: reference ?? (platform ? platformId : null),
    giftAid,
  };
}

export const isRowError = (row: GiftRow | ImportRowError): row is ImportRowError => 'line' in row;
