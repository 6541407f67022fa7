import type { components } from '../api/generated/mailer';

export type Suppression = components['schemas']['SuppressionDto'];
export type SuppressionReason = Suppression['reason'];

/** Why an address is suppressed, as a person would say it. */
export const REASON_LABELS: Record<SuppressionReason, string> = {
  bounce: 'Email bounced',
  invalid: 'Address does not exist',
  complaint: 'Marked an email as spam',
  unsubscribe: 'Unsubscribed',
  manual: 'Asked us not to email',
};

export const SUPPRESSION_REASONS = Object.keys(REASON_LABELS) as SuppressionReason[];

/**
 * Where a suppression came from, in plain words. The mailer answers `source`: `sendgrid` for
 * bounces, spam complaints and unsubscribes that SendGrid reported, `staff` for one added here
 * (with `addedBy`, the staff member's name).
 */
export function originOf(suppression: Suppression): string {
  if (suppression.source === 'sendgrid') {
    switch (suppression.reason) {
      case 'bounce':
        return 'Bounce reported by SendGrid';
      case 'invalid':
        return 'Bounce reported by SendGrid (no such address)';
      case 'complaint':
        return 'Spam complaint reported by SendGrid';
      case 'unsubscribe':
        return 'Unsubscribe reported by SendGrid';
      case 'manual':
        return 'Reported by SendGrid';
    }
  }
  if (suppression.addedBy) return `Added by ${suppression.addedBy}`;
  if (suppression.source === 'staff' || suppression.reason === 'manual') return 'Added by staff';
  return 'Not recorded';
}
