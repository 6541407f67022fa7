import { rm } from 'node:fs/promises';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, type Observable } from 'rxjs';

/** Deletes the uploaded file when the request fails after it reached disk (a bad form field, or the import could not be queued). */
@Injectable()
export class DiscardUploadOnErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      catchError(async (error: unknown) => {
        if (request.file?.path) await rm(request.file.path, { force: true });
        throw error;
      }),
    );
  }
}
