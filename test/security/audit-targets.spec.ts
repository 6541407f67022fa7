import { AUDIT_TARGET, PUBLIC_ROUTE } from '@crm/auth';
import { type BootedApp, bootApp, TestEnvironment } from '@crm/testing';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { APPS } from './support/apps';

/**
 * Staff writes that change nothing, so their audit row has nothing to name: each one a decision.
 */
const CHANGES_NOTHING = new Set(['subscribers POST /segments/preview', 'mailer POST /campaigns/preview']);

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [''] : Array.isArray(value) ? value : [value];

const joinPath = (...parts: string[]): string =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

type Type = (new (...args: never[]) => object) | undefined;

/** Whether the DTO a handler documents for its 2xx answer has an `id` (the audit interceptor's fallback). */
function answersId(handler: object): boolean {
  const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {}) as Record<
    string,
    { type?: Type }
  >;
  return Object.entries(responses).some(([status, response]) => {
    if (!/^2/.test(status) || typeof response.type !== 'function') return false;
    const properties = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, response.type.prototype) ??
      []) as string[];
    return properties.includes(':id');
  });
}

/** Every staff write of an app whose audit row would name no target. */
function untargetedWrites(app: BootedApp['app'], appName: string): string[] {
  const scanner = new MetadataScanner();
  const found: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const classPublic = Reflect.getMetadata(PUBLIC_ROUTE, controller) === true;
      const prefixes = asList(
        Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined,
      );
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, object>)[name]!;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        if (READS.has(method) || classPublic || Reflect.getMetadata(PUBLIC_ROUTE, handler) === true) continue;
        for (const prefix of prefixes) {
          for (const path of asList(paths)) {
            const full = joinPath(prefix, path);
            const key = `${appName} ${method} ${full}`;
            const targeted =
              /\/:id(\/|$)/.test(full) ||
              Reflect.getMetadata(AUDIT_TARGET, handler) !== undefined ||
              answersId(handler);
            if (!targeted && !CHANGES_NOTHING.has(key)) found.push(key);
          }
        }
      }
    }
  }
  return found;
}

/**
 * Every audit row names what it changed: each staff write route of every app has a target the
 * audit interceptor can read (an `:id` parameter, an `@AuditTarget`, or the `id` of the DTO it
 * documents answering), or is listed above as changing nothing.
 */
describe('audit targets of staff writes', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await TestEnvironment.create();
  });
  afterAll(() => env.destroy());

  it.each(APPS.map((app) => [app.name, app] as const))(
    'every %s staff write names its target',
    async (name, app) => {
      const booted = await bootApp(app.loadConfig(env.env()), app.rootModule);
      try {
        expect(untargetedWrites(booted.app, name)).toEqual([]);
      } finally {
        await booted.close();
      }
    },
  );
});
