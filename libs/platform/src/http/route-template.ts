import { EVERY_ROUTE } from './every-route';

/** What logs and metrics say for a request no route answered (a 404, or refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The pattern of the route that answered (`/suppressions/:email`), never the path requested: a
 * path holds addresses and ids, a query string tokens. Express sets `route` once it matches one;
 * the app-wide middleware's catch-all matches every path, so it counts as no route.
 */
export const routeTemplate = (request: object): string => {
  const path = (request as { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' && path !== EVERY_ROUTE.path ? path : UNMATCHED_ROUTE;
};
