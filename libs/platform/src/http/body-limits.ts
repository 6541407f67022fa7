import type { IncomingMessage } from 'node:http';
import { SetMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type RequestHandler } from 'express';
import { type ControllerRoute, controllerRoutes } from './controller-routes';

/**
 * Largest body each kind of route reads, in bytes. Anyone can call a public route, so it reads
 * little: its largest real body (a checkout with a Gift Aid declaration) is under 2 kB. Staff send
 * campaign HTML; the provider webhooks send signed batches of events.
 */
export const BODY_LIMITS = {
  public: 16 * 1024,
  json: 1024 * 1024,
  form: 64 * 1024,
} as const;

const TAKES_LARGE_BODY = 'crm:takes-large-body';

/**
 * A public route that reads JSON up to BODY_LIMITS.json instead of BODY_LIMITS.public: the signed
 * provider webhooks, whose batches of events are large and whose signature check comes first.
 */
export const TakesLargeBody = (): MethodDecorator => SetMetadata(TAKES_LARGE_BODY, true);

const TAKES_RAW_JSON = 'crm:takes-raw-json';

/**
 * A signed webhook that verifies its JSON body's bytes and parses them itself (Stripe's
 * `constructEvent`): the body is read as bytes only (`rawBody`, up to BODY_LIMITS.json), not also
 * parsed into `request.body`, which nothing would read. Only JSON is read, as for any route.
 */
export const TakesRawJson = (): MethodDecorator => SetMetadata(TAKES_RAW_JSON, true);

/** Nest's `rawBody: true`: the bytes as received, for routes that verify a signature over them. */
const keepRawBody = (request: IncomingMessage, _response: unknown, buffer: Buffer): void => {
  (request as IncomingMessage & { rawBody?: Buffer }).rawBody = buffer;
};

type RouterMethod = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'all' | 'options' | 'head';
const ROUTER_METHODS: Partial<Record<ControllerRoute['method'], RouterMethod>> = {
  GET: 'get',
  POST: 'post',
  PUT: 'put',
  DELETE: 'delete',
  PATCH: 'patch',
  ALL: 'all',
  OPTIONS: 'options',
  HEAD: 'head',
};

/** Every `@Public()` handler without `@TakesLargeBody()`. */
const smallBodyRoutes = (app: NestExpressApplication): ControllerRoute[] =>
  controllerRoutes(app).filter(
    (route) => route.isPublic && Reflect.getMetadata(TAKES_LARGE_BODY, route.handler) !== true,
  );

/** Every handler with `@TakesRawJson()`. */
const rawJsonRoutes = (app: NestExpressApplication): ControllerRoute[] =>
  controllerRoutes(app).filter((route) => Reflect.getMetadata(TAKES_RAW_JSON, route.handler) === true);

/**
 * The JSON and form body parsers, with each route's limit applied while the body is read, before
 * anything parses it: public routes BODY_LIMITS.public, the rest (staff routes, the webhooks) the
 * larger limits. A body over its limit is a 413. Public routes come first in a router of their
 * own, which matches paths exactly as Nest's routes do; a body it has read is not read again.
 */
export function useBodyParsers(app: NestExpressApplication): void {
  const small: RequestHandler[] = [
    express.json({ limit: BODY_LIMITS.public, verify: keepRawBody }),
    express.urlencoded({ limit: BODY_LIMITS.public, extended: false, verify: keepRawBody }),
  ];
  const publicRoutes = express.Router();
  // First, so that the JSON parser finds these bodies read and leaves them.
  const raw = express.raw({ type: 'application/json', limit: BODY_LIMITS.json, verify: keepRawBody });
  for (const route of rawJsonRoutes(app)) {
    publicRoutes[ROUTER_METHODS[route.method] ?? 'all'](route.path, raw);
  }
  for (const route of smallBodyRoutes(app)) {
    publicRoutes[ROUTER_METHODS[route.method] ?? 'all'](route.path, ...small);
  }
  // Express's router answers OPTIONS itself for any path it holds; a preflight carries no body and
  // goes on to the app, whose CORS (EMBED_ORIGINS on the sign-up form) answers it.
  const bodyRoutes: RequestHandler = (request, response, next) =>
    request.method === 'OPTIONS' ? next() : publicRoutes(request, response, next);
  app.use(bodyRoutes);
  app.useBodyParser('json', { limit: BODY_LIMITS.json });
  app.useBodyParser('urlencoded', { limit: BODY_LIMITS.form, extended: false });
}
