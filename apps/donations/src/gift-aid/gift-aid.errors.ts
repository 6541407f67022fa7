import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export type GiftAidErrorCode = 'claim_not_found' | 'nothing_to_claim' | 'claim_status_change';

const STATUS: Record<GiftAidErrorCode, HttpStatus> = {
  claim_not_found: HttpStatus.NOT_FOUND,
  nothing_to_claim: HttpStatus.UNPROCESSABLE_ENTITY,
  claim_status_change: HttpStatus.CONFLICT,
};

/** What a Gift Aid claim request cannot do. */
export class GiftAidError extends AppError<GiftAidErrorCode> {
  readonly httpStatus = STATUS[this.code];

  static claimNotFound(id: string): GiftAidError {
    return new GiftAidError('claim_not_found', `Gift Aid claim ${id} not found`);
  }

  /** Nothing eligible (or nothing eligible among the donations chosen) is left to claim. */
  static nothingToClaim(): GiftAidError {
    return new GiftAidError('nothing_to_claim', 'No eligible donations to claim');
  }

  /** A claim moves draft → submitted → paid | rejected (a draft may be rejected too), never back. */
  static statusChange(from: string, to: string): GiftAidError {
    return new GiftAidError('claim_status_change', `A ${from} claim cannot become ${to}`);
  }
}
