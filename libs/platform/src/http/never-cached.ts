import { Header } from '@nestjs/common';

/**
 * The `Cache-Control` of an answer no browser, proxy or shared cache may keep: `no-store`, not
 * `no-cache` (which still stores, then revalidates).
 */
export const NEVER_CACHED = 'no-store';

/**
 * Marks a route reached through a signed link, whose address carries the person's token (a
 * confirmation, unsubscribe or donor link from an email): its answer, whether the page, JSON or an
 * error raised by a pipe or the handler, is never stored, so neither the token in the address nor
 * the personal data on the page outlives the visit in a cache or a shared computer's history.
 * Nest sets the header before the pipes and the handler run, so `@Res()` routes and exception
 * filters keep it.
 */
export const NeverCached = (): MethodDecorator => Header('Cache-Control', NEVER_CACHED);
