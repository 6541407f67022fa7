import type { ImportFormat } from '@crm/entities';

/** Where each field sits in the file; -1 when the file has no such column. */
export interface ColumnMap {
  format: ImportFormat;
  width: number;
  email: number;
  firstName: number;
  lastName: number;
  tags: number;
  optInTime: number;
  optInIp: number;
  confirmTime: number;
  confirmIp: number;
  /** Mailchimp's unsubscribed and cleaned (hard-bounced) exports: when the person left the list. */
  unsubscribeTime: number;
  cleanTime: number;
}

const key = (header: string): string =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** Header spellings, normalised by `key`: Mailchimp audience exports first, then plain files. */
const ALIASES: Record<Exclude<keyof ColumnMap, 'format' | 'width'>, string[]> = {
  email: ['email_address', 'email', 'e_mail'],
  firstName: ['first_name', 'firstname', 'fname'],
  lastName: ['last_name', 'lastname', 'lname', 'surname'],
  tags: ['tags'],
  optInTime: ['optin_time', 'opt_in_time', 'consent_time'],
  optInIp: ['optin_ip', 'opt_in_ip', 'consent_ip'],
  confirmTime: ['confirm_time'],
  confirmIp: ['confirm_ip'],
  unsubscribeTime: ['unsub_time', 'unsubscribe_time', 'unsubscribed_at'],
  cleanTime: ['clean_time', 'cleaned_at'],
};

/** Reads the header row; null when no column holds an email address. */
export function mapColumns(header: string[]): ColumnMap | null {
  const keys = header.map(key);
  const find = (aliases: string[]): number => {
    for (const alias of aliases) {
      const index = keys.indexOf(alias);
      if (index >= 0) return index;
    }
    return -1;
  };
  const email = find(ALIASES.email);
  if (email < 0) return null;
  return {
    format: keys[email] === 'email_address' ? 'mailchimp' : 'plain',
    width: header.length,
    email,
    firstName: find(ALIASES.firstName),
    lastName: find(ALIASES.lastName),
    tags: find(ALIASES.tags),
    optInTime: find(ALIASES.optInTime),
    optInIp: find(ALIASES.optInIp),
    confirmTime: find(ALIASES.confirmTime),
    confirmIp: find(ALIASES.confirmIp),
    unsubscribeTime: find(ALIASES.unsubscribeTime),
    cleanTime: find(ALIASES.cleanTime),
  };
}
