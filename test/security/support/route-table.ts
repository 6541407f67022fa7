import { type Permission, REQUIRED_PERMISSION } from '@crm/auth';
import { controllerRoutes } from '@crm/platform';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

export interface ServedRoute {
  /** `GET /supporters/:id` */
  key: string;
  method: string;
  path: string;
}

export interface NestRoute extends ServedRoute {
  isPublic: boolean;
  permission: Permission | undefined;
  /** The status its handler answers with when it succeeds (`@HttpCode`, else Nest's default). */
  successStatus: number;
}

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [''] : Array.isArray(value) ? value : [value];

/** Every route the HTTP server answers, read from the Express router: Nest's and anything else mounted. */
export function servedRoutes(app: NestExpressApplication): ServedRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  return express.router.stack.flatMap((layer) => {
    const route = layer.route;
    if (!route) return [];
    return asList(route.path).flatMap((path) =>
      Object.keys(route.methods)
        .filter((method) => method !== '_all')
        .map((method) => ({ key: routeKey(method, path), method: method.toUpperCase(), path })),
    );
  });
}

/** Every controller handler Nest registered, with its auth decision read from the decorators. */
export function nestRoutes(app: INestApplication): NestRoute[] {
  return controllerRoutes(app).map(({ method, path, isPublic, controller, handler }) => ({
    key: routeKey(method, path),
    method,
    path,
    isPublic,
    permission:
      (Reflect.getMetadata(REQUIRED_PERMISSION, handler) as Permission | undefined) ??
      (Reflect.getMetadata(REQUIRED_PERMISSION, controller) as Permission | undefined),
    successStatus:
      (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
      (method === 'POST' ? 201 : 200),
  }));
}

/** A concrete URL for a route pattern: each parameter becomes a well-formed id that matches nothing. */
export const concretePath = (pattern: string, id: string): string =>
  pattern
    .replace(/[{}]/g, '')
    .replace(/:[A-Za-z0-9_]+/g, id)
    .replace(/\*[A-Za-z0-9_]*/g, 'x');
