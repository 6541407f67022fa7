import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export type DeclarationErrorCode =
  'declaration_not_found' | 'supporter_not_found' | 'declaration_cancelled' | 'not_oral' | 'no_email';

const STATUS: Record<DeclarationErrorCode, HttpStatus> = {
  declaration_not_found: HttpStatus.NOT_FOUND,
  supporter_not_found: HttpStatus.NOT_FOUND,
  declaration_cancelled: HttpStatus.CONFLICT,
  not_oral: HttpStatus.CONFLICT,
  no_email: HttpStatus.CONFLICT,
};

/** What a Gift Aid declaration request cannot do. */
export class DeclarationError extends AppError<DeclarationErrorCode> {
  readonly httpStatus = STATUS[this.code];

  static notFound(id: string): DeclarationError {
    return new DeclarationError('declaration_not_found', `Gift Aid declaration ${id} not found`);
  }

  static supporterNotFound(id: string): DeclarationError {
    return new DeclarationError('supporter_not_found', `Supporter ${id} not found`);
  }

  static cancelled(): DeclarationError {
    return new DeclarationError('declaration_cancelled', 'The declaration is already cancelled');
  }

  /** Only an oral declaration needs a written confirmation. */
  static notOral(): DeclarationError {
    return new DeclarationError('not_oral', 'Only an oral declaration needs a written confirmation');
  }

  static noEmail(): DeclarationError {
    return new DeclarationError(
      'no_email',
      'The supporter has no email address: print the letter and post it',
    );
  }
}
