import { PUBLIC_ROUTE, type Permission, REQUIRED_PERMISSION } from '@crm/auth';
import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { INestApplication } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
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

const joinPath = (...parts: string[]): string => {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
};

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
  const scanner = new MetadataScanner();
  const routes: NestRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prefixes = asList(
        Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined,
      );
      const classPublic = Reflect.getMetadata(PUBLIC_ROUTE, controller) === true;
      const classPermission = Reflect.getMetadata(REQUIRED_PERMISSION, controller) as Permission | undefined;
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const isPublic = classPublic || Reflect.getMetadata(PUBLIC_ROUTE, handler) === true;
        const permission =
          (Reflect.getMetadata(REQUIRED_PERMISSION, handler) as Permission | undefined) ?? classPermission;
        const successStatus =
          (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
          (method === 'POST' ? 201 : 200);
        for (const prefix of prefixes) {
          for (const path of asList(paths)) {
            const full = joinPath(prefix, path);
            routes.push({
              key: routeKey(method, full),
              method,
              path: full,
              isPublic,
              permission,
              successStatus,
            });
          }
        }
      }
    }
  }
  return routes;
}

/** A concrete URL for a route pattern: each parameter becomes a well-formed id that matches nothing. */
export const concretePath = (pattern: string, id: string): string =>
  pattern
    .replace(/[{}]/g, '')
    .replace(/:[A-Za-z0-9_]+/g, id)
    .replace(/\*[A-Za-z0-9_]*/g, 'x');
