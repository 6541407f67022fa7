import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export type DonorLinkErrorCode =
  | 'link_invalid'
  | 'link_expired'
  | 'gift_not_found'
  | 'gift_cancelled'
  | 'gift_not_changeable'
  | 'no_address';

const STATUS: Record<DonorLinkErrorCode, HttpStatus> = {
  link_invalid: HttpStatus.FORBIDDEN,
  link_expired: HttpStatus.GONE,
  gift_not_found: HttpStatus.NOT_FOUND,
  gift_cancelled: HttpStatus.CONFLICT,
  gift_not_changeable: HttpStatus.CONFLICT,
  no_address: HttpStatus.CONFLICT,
};

/** What a donor link cannot do, in words a donor can act on. */
export class DonorLinkError extends AppError<DonorLinkErrorCode> {
  readonly httpStatus = STATUS[this.code];

  static invalid(): DonorLinkError {
    return new DonorLinkError('link_invalid', 'This link is not valid');
  }

  /** Too old, replaced by a change made since, or revoked by the donor's erasure. */
  static expired(): DonorLinkError {
    return new DonorLinkError(
      'link_expired',
      'This link has expired or has been replaced by a newer one. A new link comes with your next receipt.',
    );
  }

  static giftNotFound(): DonorLinkError {
    return new DonorLinkError('gift_not_found', 'This monthly gift no longer exists');
  }

  static cancelled(): DonorLinkError {
    return new DonorLinkError('gift_cancelled', 'This monthly gift is already cancelled');
  }

  /** Its Stripe subscription has no item and product to change the amount of. */
  static notChangeable(): DonorLinkError {
    return new DonorLinkError('gift_not_changeable', 'This monthly gift cannot be changed online');
  }

  static noAddress(): DonorLinkError {
    return new DonorLinkError(
      'no_address',
      'We have no email address to confirm a higher amount with; please contact us to give more',
    );
  }
}
