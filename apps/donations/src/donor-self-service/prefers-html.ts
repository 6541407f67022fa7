import type { Request } from 'express';

/** A browser (it asks for HTML before JSON) rather than an API client. */
export const prefersHtml = (request: Request): boolean => request.accepts(['json', 'html']) === 'html';
