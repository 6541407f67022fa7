import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { ALL_ENTITIES } from './all-entities';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Entities no application code imports yet, each a table some code still reaches with raw SQL
 * only. The list may only shrink: an entity that comes into use must leave it, and a new entity
 * must be used from the start.
 */
const NOT_YET_USED: readonly string[] = [];

/** Application source: apps/ and libs/ without this library, tests, test harnesses and migrations. */
function applicationSources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'test', 'migrations', 'web'].includes(entry.name)
        ? []
        : applicationSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The names a file imports from `@crm/entities`. A type-only import counts: an entity used as the
 * type of the rows a query returns is still the one description of its table.
 */
function importsOfEntities(source: string): string[] {
  const clauses = source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'@crm\/entities'/g);
  return [...clauses].flatMap(([, names]) =>
    names!
      .split(',')
      .map((name) => name.trim().replace(/^type\s+/, ''))
      .filter(Boolean)
      .map((name) => name.split(/\s+as\s+/)[0]!),
  );
}

/** Entity class names and the application files that import each one. */
function entityUses(): Map<string, string[]> {
  const entities = new Set(getMetadataArgsStorage().tables.map((table) => table.target));
  const uses = new Map<string, string[]>(
    ALL_ENTITIES.filter((entity) => entities.has(entity)).map((entity) => [entity.name, []]),
  );
  const files = ['apps', 'libs']
    .flatMap((top) => applicationSources(join(ROOT, top)))
    .filter((file) => !relative(ROOT, file).startsWith(join('libs', 'entities')));
  for (const file of files) {
    for (const name of importsOfEntities(readFileSync(file, 'utf8'))) {
      uses.get(name)?.push(relative(ROOT, file));
    }
  }
  return uses;
}

describe('entities', () => {
  it('are each used by application code (outside libs/entities, tests and migrations)', () => {
    const unused = [...entityUses()].filter(([, files]) => files.length === 0).map(([name]) => name);

    expect(unused.sort()).toEqual([...NOT_YET_USED].sort());
  });
});
