import { AuditTarget, readCookie, STAFF_SESSION_COOKIE } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { Controller, Get, HttpCode, Inject, Param, Put, Req, Res } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ConsoleSessions } from '../auth/console-sessions';
import type { ConsoleConfig } from '../config/console.config';
import { QUEUE_BOARD_PATH, QueueBoard } from './queue-board';

/** The board's page reads this cookie and sends it back as `X-XSRF-TOKEN` (axios's default). */
export const BOARD_XSRF_COOKIE = 'XSRF-TOKEN';

/**
 * Content-Security-Policy of the board's pages: as the console's own, but no stylesheet or font
 * from elsewhere (the board's page links a web font, which would tell a third party who opened it).
 */
const BOARD_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join(';');

/**
 * Admin only (no permission named): the queue dashboard, bull-board, at `/api/queues`. Its page,
 * static files and read API are passed to the board; of its writes, only retrying a failed job is
 * routed, and the console does that itself so the guard, the CSRF check and the audit log apply.
 */
@ApiTags('queues')
@ApiCookieAuth()
@Controller('api/queues')
export class QueueBoardController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly board: QueueBoard,
    private readonly sessions: ConsoleSessions,
    @Inject(APP_CONFIG) config: ConsoleConfig,
  ) {
    this.secureCookie = new URL(config.CONSOLE_URL).protocol === 'https:';
  }

  @Get()
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The queue dashboard page' })
  async page(@Req() request: Request, @Res() response: Response): Promise<void> {
    // The board's retry button sends the session's CSRF token back from this cookie (readable by
    // the board's script, as the SPA reads it from /api/auth/me; only for paths under the board).
    const token = readCookie(request.headers.cookie, STAFF_SESSION_COOKIE);
    const session = token ? await this.sessions.find(token) : null;
    if (session) {
      response.cookie(BOARD_XSRF_COOKIE, session.csrfToken, {
        path: QUEUE_BOARD_PATH,
        sameSite: 'strict',
        secure: this.secureCookie,
        httpOnly: false,
      });
    }
    this.serve(request, response);
  }

  @Get('*path')
  @ApiParam({ name: 'path', type: String, description: "The board's pages, static files and read API" })
  @ApiOkResponse({ description: "A page, file or JSON answer of the board's read API" })
  read(@Req() request: Request, @Res() response: Response): void {
    this.serve(request, response);
  }

  /** The board's own retry route, answered by the console: a failed job goes back to waiting. */
  @Put('api/queues/:queueName/:jobId/retry')
  @HttpCode(204)
  @AuditTarget((request) => `${request.params?.queueName ?? ''}/${request.params?.jobId ?? ''}`)
  @ApiNoContentResponse({ description: 'The failed job is waiting to run again' })
  retry(@Param('queueName') queueName: string, @Param('jobId') jobId: string): Promise<void> {
    return this.board.retryFailed(queueName, jobId);
  }

  /** Passes the request to the board's Express app, with the path relative to the board. */
  private serve(request: Request, response: Response): void {
    const url = request.url;
    const relative = url.slice(QUEUE_BOARD_PATH.length);
    request.url = relative.startsWith('/') ? relative : `/${relative}`;
    response.setHeader('Content-Security-Policy', BOARD_CSP);
    this.board.app(request, response, () => {
      request.url = url;
      response.status(404).json({
        statusCode: 404,
        error: 'Not Found',
        message: `Nothing at ${request.path} on the queue board`,
      });
    });
  }
}
