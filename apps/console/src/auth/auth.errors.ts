import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export type StaffAuthErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'TOTP_REQUIRED'
  | 'SIGN_IN_LOCKED'
  | 'NOT_SIGNED_IN'
  | 'CSRF_TOKEN_REQUIRED'
  | 'LINK_INVALID'
  | 'PASSWORD_REFUSED'
  | 'NAME_REQUIRED'
  | 'TOTP_NOT_STARTED'
  | 'TOTP_ALREADY_ENABLED'
  | 'TOTP_CODE_WRONG'
  | 'STAFF_EXISTS'
  | 'STAFF_NOT_FOUND'
  | 'LAST_ADMIN';

/** One message for every bad credential, so a failure says nothing of which part was wrong. */
export const BAD_CREDENTIALS = 'The email, password or code is not right';

export class StaffAuthError extends AppError<StaffAuthErrorCode> {
  readonly httpStatus: HttpStatus;

  constructor(status: HttpStatus, code: StaffAuthErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.httpStatus = status;
  }

  static badCredentials(): StaffAuthError {
    return new StaffAuthError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', BAD_CREDENTIALS);
  }

  /** A 400 naming the field, in the shape validation errors have. */
  static field(code: StaffAuthErrorCode, field: string, problem: string): StaffAuthError {
    return new StaffAuthError(HttpStatus.BAD_REQUEST, code, `${field}: ${problem}`, [
      { field, messages: [problem] },
    ]);
  }
}

/** Too many failed sign-ins for the account or the address; `retryAfterSeconds` goes in `Retry-After`. */
export class SignInLockedError extends StaffAuthError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      'SIGN_IN_LOCKED',
      `Too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
      { retryAfterSeconds },
    );
  }
}
