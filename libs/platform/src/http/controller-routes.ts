import { PUBLIC_ROUTE } from '@crm/auth';
import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

/** One path of one controller handler Nest has loaded, with what its decorators say. */
export interface ControllerRoute {
  /** `GET`, `POST`, … (`ALL` for `@All()`). */
  method: keyof typeof RequestMethod;
  /** The full path pattern, prefix included: `/supporters/:id`. */
  path: string;
  isPublic: boolean;
  /** The controller class and the handler function, to read further metadata from. */
  controller: object;
  handler: object;
}

const joinPath = (...parts: string[]): string =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [''] : Array.isArray(value) ? value : [value];

/**
 * Every route of every controller in the app, read from the decorators: body limits are set per
 * route from it, and the security suites enumerate routes with it.
 */
export function controllerRoutes(app: INestApplication): ControllerRoute[] {
  const scanner = new MetadataScanner();
  const routes: ControllerRoute[] = [];
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
        const method = RequestMethod[
          Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod
        ] as keyof typeof RequestMethod;
        const isPublic = classPublic || Reflect.getMetadata(PUBLIC_ROUTE, handler) === true;
        for (const prefix of prefixes) {
          for (const path of asList(paths)) {
            routes.push({ method, path: joinPath(prefix, path), isPublic, controller, handler });
          }
        }
      }
    }
  }
  return routes;
}
