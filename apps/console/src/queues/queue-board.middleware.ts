import { CSRF_HEADER } from '@crm/auth';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { QUEUE_BOARD_PATH } from './queue-board';

/** The header the board's page sends its CSRF token in (axios's default name). */
const BOARD_XSRF_HEADER = 'x-xsrf-token';

/**
 * The board's page cannot be taught our header name, so under `/api/queues` its `X-XSRF-TOKEN`
 * is read as `X-CSRF-Token`: the guard still checks the value against the session's token.
 */
@Injectable()
export class QueueBoardCsrfHeader implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const given = request.headers[BOARD_XSRF_HEADER];
    if (
      request.originalUrl.startsWith(`${QUEUE_BOARD_PATH}/`) &&
      request.headers[CSRF_HEADER] === undefined &&
      typeof given === 'string'
    ) {
      request.headers[CSRF_HEADER] = given;
    }
    next();
  }
}
