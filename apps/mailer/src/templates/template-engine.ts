import Handlebars from 'handlebars';

/**
 * Merge fields are written `{{firstName}}` or, with a fallback for an empty value,
 * `{{firstName|friend}}`. The fallback form is rewritten to the `fallback` helper before
 * Handlebars compiles the template, so values stay HTML-escaped by Handlebars itself.
 */
const FALLBACK_FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\|\s*([^}"]*?)\s*\}\}/g;

const expandMergeFields = (source: string): string =>
  source.replace(
    FALLBACK_FIELD,
    (_, field: string, fallback: string) => `{{fallback ${field} "${fallback}"}}`,
  );

export const isBlank = (value: unknown): boolean =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/** A Handlebars environment for rendering real values: `fallback` returns the value or its fallback. */
export function valueEngine(): typeof Handlebars {
  const engine = Handlebars.create();
  engine.registerHelper('fallback', (value: unknown, fallback: unknown) =>
    isBlank(value) ? fallback : value,
  );
  return engine;
}

export type Render<T> = (data: T) => string;

/** Compiles an HTML template: merge values are escaped. */
export const compileHtml = <T>(engine: typeof Handlebars, source: string): Render<T> =>
  engine.compile<T>(expandMergeFields(source), { strict: true });

/** Compiles a plain-text template (subject lines, text parts): values are inserted as they are. */
export const compileText = <T>(engine: typeof Handlebars, source: string): Render<T> =>
  engine.compile<T>(expandMergeFields(source), { strict: true, noEscape: true });
