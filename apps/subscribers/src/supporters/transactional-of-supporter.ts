/**
 * Transactional emails of the supporter `$1` (table alias `t`): those sent to them as a supporter,
 * and the receipts of their donations, which are asked for before the donation is linked to them
 * (the receipt's reference is the donation id).
 */
export const TRANSACTIONAL_OF_SUPPORTER = `(t.supporter_id = $1
  OR (t.template = 'donation-receipt'
      AND t.reference IN (SELECT d.id::text FROM donations d WHERE d.supporter_id = $1)))`;
