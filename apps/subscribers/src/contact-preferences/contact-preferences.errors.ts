import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

/** An FPS reference names one request, already recorded for another supporter. */
export class FpsReferenceTakenError extends AppError<'fps_reference_taken'> {
  readonly httpStatus = HttpStatus.CONFLICT;

  constructor(reference: string) {
    super('fps_reference_taken', `FPS request ${reference} is already recorded for another supporter`);
  }
}
