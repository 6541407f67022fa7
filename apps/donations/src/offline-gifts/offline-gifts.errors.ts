import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export type OfflineGiftErrorCode =
  | 'donation_not_found'
  | 'supporter_not_found'
  | 'not_offline_gift'
  | 'gift_in_claim'
  | 'idempotency_key_reused';

const STATUS: Record<OfflineGiftErrorCode, HttpStatus> = {
  donation_not_found: HttpStatus.NOT_FOUND,
  supporter_not_found: HttpStatus.BAD_REQUEST,
  not_offline_gift: HttpStatus.CONFLICT,
  gift_in_claim: HttpStatus.CONFLICT,
  idempotency_key_reused: HttpStatus.CONFLICT,
};

/** What staff cannot do to an offline gift. */
export class OfflineGiftError extends AppError<OfflineGiftErrorCode> {
  readonly httpStatus = STATUS[this.code];

  static notFound(id: string): OfflineGiftError {
    return new OfflineGiftError('donation_not_found', `Donation ${id} not found`);
  }

  static supporterNotFound(): OfflineGiftError {
    return new OfflineGiftError('supporter_not_found', 'supporterId: no supporter has this id', [
      { field: 'supporterId', messages: ['no supporter has this id'] },
    ]);
  }

  /** Stripe gifts change only through Stripe (a refund, a dispute), never by hand. */
  static notOffline(): OfflineGiftError {
    return new OfflineGiftError(
      'not_offline_gift',
      'This gift was paid through Stripe; only gifts recorded by staff can be changed or deleted',
    );
  }

  /** HMRC has been (or is being) asked for its Gift Aid: the gift must stay as claimed. */
  static inClaim(): OfflineGiftError {
    return new OfflineGiftError(
      'gift_in_claim',
      'This gift is in a Gift Aid claim and can no longer be changed or deleted',
    );
  }

  /** A rejected claim keeps the gifts it named as its record: correct such a gift, do not delete it. */
  static inClaimRecord(): OfflineGiftError {
    return new OfflineGiftError(
      'gift_in_claim',
      'This gift is named in a rejected Gift Aid claim, whose record keeps it: correct it instead of deleting it',
    );
  }

  static keyReused(): OfflineGiftError {
    return new OfflineGiftError(
      'idempotency_key_reused',
      'Idempotency-Key was already used for a different gift',
    );
  }
}
