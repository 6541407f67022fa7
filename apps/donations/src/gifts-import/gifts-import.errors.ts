import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export class GiftsImportNotFoundError extends AppError<'import_not_found'> {
  readonly httpStatus = HttpStatus.NOT_FOUND;

  constructor(id: string) {
    super('import_not_found', `Gifts import ${id} not found`);
  }
}
