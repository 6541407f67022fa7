import { readCookie, STAFF_SESSION_COOKIE } from '@crm/auth';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyMiddleware, debugProxyErrorsPlugin, proxyEventsPlugin } from 'http-proxy-middleware';
import { ConsoleSessions } from '../auth/console-sessions';
import type { ConsoleConfig } from '../config/console.config';

/** The apps behind `/api/<app>/`, in the order DESIGN §3 lists them. */
export const PROXIED_APPS = ['donations', 'subscribers', 'mailer'] as const;
export type ProxiedApp = (typeof PROXIED_APPS)[number];

/** A small JSON error in the platform's shape, for when an app behind the proxy does not answer. */
function badGateway(app: ProxiedApp, response: ServerResponse | Socket): void {
  if (!('writeHead' in response)) {
    response.destroy();
    return;
  }
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(502, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(
    JSON.stringify({
      statusCode: 502,
      error: 'Bad Gateway',
      message: `The ${app} app is not answering; is it running?`,
    }),
  );
}

/**
 * Same-origin proxy: `/api/<app>/<path>` goes to `<app URL>/<path>`, the path after the prefix
 * unchanged. Mounted before the body parsers, so a JSON body or a CSV upload streams through
 * untouched; cookies, `X-CSRF-Token` and every other header pass as sent, with `X-Forwarded-*`
 * added. The app behind checks the session itself (its guard reads the shared session tables);
 * the console only records that the session was used, which keeps it alive.
 */
export function mountApiProxy(app: NestExpressApplication, config: ConsoleConfig): void {
  const sessions = app.get(ConsoleSessions);
  for (const name of PROXIED_APPS) {
    const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
      target: config.UPSTREAMS[name],
      changeOrigin: true,
      xfwd: true,
      ejectPlugins: true,
      plugins: [debugProxyErrorsPlugin, proxyEventsPlugin],
      on: {
        proxyReq: (proxyRequest: ClientRequest) => {
          // The path after the prefix is the app's own; a query string stays attached to it.
          proxyRequest.setHeader('X-Forwarded-Prefix', `/api/${name}`);
        },
        error: (_error: Error, _request: IncomingMessage, response: ServerResponse | Socket) =>
          badGateway(name, response),
      },
    });
    app.use(`/api/${name}`, (request: Request, response: Response, next: NextFunction) => {
      const token = readCookie(request.headers.cookie, STAFF_SESSION_COOKIE);
      if (token) sessions.touch(token);
      void proxy(request, response, next);
    });
  }
}
