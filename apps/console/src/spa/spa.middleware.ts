import { APP_CONFIG } from '@crm/config';
import { escapeHtml } from '@crm/platform';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { ConsoleConfig } from '../config/console.config';

/** Paths the console answers itself; everything else a browser GETs is the single-page app. */
const SERVER_PATHS = /^\/(api|health|metrics|docs)(\/|-json|$)/;

const notBuiltPage = (orgName: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Console not built · ${escapeHtml(orgName)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem">
<h1>The console has not been built yet</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it), then reload this page.</p>
</body></html>`;

const pathnameOf = (request: Request): string | null => {
  try {
    return decodeURIComponent(new URL(request.originalUrl, 'http://console').pathname);
  } catch {
    return null;
  }
};

/**
 * Serves the built SPA (`dist/console-web`): a file of the build as it is (long-cached under
 * `/assets/`, where Vite names files by their content), and `index.html` for any other path so
 * the SPA's router decides what it shows. Until the SPA is built, a short page says how to build it.
 */
@Injectable()
export class SpaMiddleware implements NestMiddleware {
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) private readonly config: ConsoleConfig) {
    this.root = normalize(config.WEB_DIR);
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const path = pathnameOf(request);
    if ((request.method !== 'GET' && request.method !== 'HEAD') || path === null || SERVER_PATHS.test(path)) {
      next();
      return;
    }
    const index = join(this.root, 'index.html');
    if (!existsSync(index)) {
      response.status(200).type('html').setHeader('Cache-Control', 'no-store');
      response.send(notBuiltPage(this.config.ORG_NAME));
      return;
    }
    const file = normalize(join(this.root, path));
    if (file.startsWith(this.root + sep) && isFile(file)) {
      const immutable = file.startsWith(join(this.root, 'assets') + sep);
      response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      response.sendFile(file);
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').sendFile(index);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
