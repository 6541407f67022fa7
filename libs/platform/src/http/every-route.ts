import { RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';

/** Every path and method, in Express 5's wildcard syntax: app-wide middleware is one `use` layer. */
export const EVERY_ROUTE: RouteInfo = { path: '{/*splat}', method: RequestMethod.ALL };
