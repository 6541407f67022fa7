import type { IncomingMessage } from 'node:http';
import { PUBLIC_ROUTE } from '@crm/auth';
import { RequestMethod, SetMetadata } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type RequestHandler } from 'express';

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

/** Nest's `rawBody: true`: the bytes as received, for routes that verify a signature over them. */
const keepRawBody = (request: IncomingMessage, _response: unknown, buffer: Buffer): void => {
  (request as IncomingMessage & { rawBody?: Buffer }).rawBody = buffer;
};

const joinPath = (...parts: string[]): string =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [''] : Array.isArray(value) ? value : [value];

type RouterMethod = 'get' | 'post' | 'put' | 'delete' | 'patch' | 'all' | 'options' | 'head';
const ROUTER_METHODS: Partial<Record<RequestMethod, RouterMethod>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.ALL]: 'all',
  [RequestMethod.OPTIONS]: 'options',
  [RequestMethod.HEAD]: 'head',
};

interface SmallBodyRoute {
  method: RouterMethod;
  path: string;
}

/** Every `@Public()` handler without `@TakesLargeBody()`, read from the controllers Nest has loaded. */
function smallBodyRoutes(app: NestExpressApplication): SmallBodyRoute[] {
  const scanner = new MetadataScanner();
  const routes: SmallBodyRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const classPublic = Reflect.getMetadata(PUBLIC_ROUTE, controller) === true;
      const prefixes = asList(
        Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined,
      );
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, object>)[name]!;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const isPublic = classPublic || Reflect.getMetadata(PUBLIC_ROUTE, handler) === true;
        if (!isPublic || Reflect.getMetadata(TAKES_LARGE_BODY, handler) === true) continue;
        const method =
          ROUTER_METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'all';
        for (const prefix of prefixes) {
          for (const path of asList(paths)) routes.push({ method, path: joinPath(prefix, path) });
        }
      }
    }
  }
  return routes;
}

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
  for (const route of smallBodyRoutes(app)) publicRoutes[route.method](route.path, ...small);
  app.use(publicRoutes);
  app.useBodyParser('json', { limit: BODY_LIMITS.json });
  app.useBodyParser('urlencoded', { limit: BODY_LIMITS.form, extended: false });
}
