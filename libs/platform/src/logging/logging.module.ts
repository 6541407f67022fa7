import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { EVERY_ROUTE } from '../http/every-route';
import { serializeError } from './error-serializer';

const REQUEST_ID = /^[A-Za-z0-9_.-]{1,100}$/;
const QUIET_ROUTES = new Set(['/health', '/metrics']);

/** Path only: query strings carry opt-in and unsubscribe tokens, which must never be logged. */
export const pathOf = (url: string | undefined): string => (url ?? '').split('?')[0] ?? '';

/**
 * Structured JSON logs with a request id. Only method, path and status are logged for requests:
 * never headers, bodies or query strings, so tokens, signatures and addresses stay out of logs;
 * nor the values of a failed database statement (see serializeError).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) => ({
        forRoutes: [EVERY_ROUTE],
        pinoHttp: {
          level: config.LOG_LEVEL,
          base: { app: config.APP_NAME },
          genReqId: (request: IncomingMessage, response: ServerResponse) => {
            const given = request.headers['x-request-id'];
            const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            response.setHeader('X-Request-Id', id);
            return id;
          },
          autoLogging: { ignore: (request: IncomingMessage) => QUIET_ROUTES.has(pathOf(request.url)) },
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({
              id: request.id,
              method: request.method,
              path: pathOf(request.url),
            }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            err: serializeError,
          },
          redact: { paths: ['req.headers', 'res.headers', '*.email', '*.token', '*.password'], remove: true },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
