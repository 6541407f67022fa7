import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import { Module, RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import { LoggerModule } from 'nestjs-pino';
import { EVERY_ROUTE } from '../http/every-route';
import { routeTemplate } from '../http/route-template';
import { serializeError } from './error-serializer';

const REQUEST_ID = /^[A-Za-z0-9_.-]{1,100}$/;
const QUIET_ROUTES = new Set(['/health', '/metrics']);

/**
 * In development a person reads the logs: one coloured line per entry (`npm start` prefixes each
 * with the app's name). Production and tests keep one JSON object per line, for machines.
 */
const READABLE_LOGS = {
  target: 'pino-pretty',
  options: {
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
  },
};

/**
 * Nest's start-up chatter (every module loaded, every route mapped: about 50 lines an app) says
 * nothing a person starting the system needs; in development it is left out, so the ready block
 * `npm start` prints stands out. Production keeps it for machines.
 */
const BOOT_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);
const INFO = 30;
const isBootChatter = (first: unknown): boolean =>
  typeof first === 'object' &&
  first !== null &&
  BOOT_CHATTER.has(String((first as { context?: unknown }).context));

const QUIET_BOOT = {
  logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void, level: number): void {
    if (level === INFO && isBootChatter(args[0])) return;
    method.apply(this, args);
  },
};

/**
 * The signed provider webhooks (`POST /webhooks/stripe`, `/webhooks/sendgrid`) have no request
 * line: providers deliver them by the thousand, their handlers log what they cannot store, and the
 * metrics count every answer by route and status. The middleware (a request id, a child logger
 * and a line per request) is skipped for them altogether.
 */
const PROVIDER_WEBHOOKS: RouteInfo = { path: 'webhooks/*provider', method: RequestMethod.POST };

/** Path only, to pick out the quiet routes; never logged. */
const pathOf = (url: string | undefined): string => (url ?? '').split('?')[0] ?? '';

/**
 * Structured JSON logs with a request id. Only method, route pattern and status are logged for
 * requests: never the path itself (`DELETE /suppressions/<address>`), headers, bodies or query
 * strings, so tokens, signatures and addresses stay out of logs; nor the values of a failed
 * database statement (see serializeError). The route is known once the request is answered, so it
 * is on the "request completed" line.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) => ({
        forRoutes: [EVERY_ROUTE],
        exclude: [PROVIDER_WEBHOOKS],
        pinoHttp: {
          level: config.LOG_LEVEL,
          base: { app: config.APP_NAME },
          ...(config.NODE_ENV === 'development' ? { transport: READABLE_LOGS, hooks: QUIET_BOOT } : {}),
          genReqId: (request: IncomingMessage, response: ServerResponse) => {
            const given = request.headers['x-request-id'];
            const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            response.setHeader('X-Request-Id', id);
            return id;
          },
          autoLogging: { ignore: (request: IncomingMessage) => QUIET_ROUTES.has(pathOf(request.url)) },
          customSuccessObject: (request: IncomingMessage, _response: ServerResponse, fields: object) => ({
            ...fields,
            route: routeTemplate(request),
          }),
          customErrorObject: (
            request: IncomingMessage,
            _response: ServerResponse,
            _error: Error,
            fields: object,
          ) => ({ ...fields, route: routeTemplate(request) }),
          serializers: {
            req: (request: { id: string; method: string }) => ({ id: request.id, method: request.method }),
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
