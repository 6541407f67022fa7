import { ALL_ENTITIES } from '@crm/entities';
import type { DataSourceOptions } from 'typeorm';
import { ListenedPgClient } from './listened-pg-client';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** Further PostgreSQL settings for every session of the pool, e.g. `{ synchronous_commit: 'off' }`. */
  sessionSettings?: Record<string, string>;
}

/**
 * Every session reads and prints times in UTC: a time a client sends without an offset
 * (`2026-12-01T09:30`, which validation reads as UTC) must mean the same to PostgreSQL whatever
 * the server's or database's own time zone is.
 */
const SESSION_DEFAULTS: Record<string, string> = { TimeZone: 'UTC' };

/**
 * `url` with `settings` added to the session options it may already carry (`?options=-c …`): pg
 * lets the connection string's options replace any given beside it, so ours go into the URL.
 */
function withSessionSettings(url: string, settings: Record<string, string>): string {
  const parsed = new URL(url);
  const ours = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`);
  const theirs = parsed.searchParams.get('options');
  parsed.searchParams.set('options', [theirs, ...ours].filter(Boolean).join(' '));
  return parsed.toString();
}

/** The one description of how every process reaches PostgreSQL. `synchronize` is never used. */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: withSessionSettings(settings.url, { ...SESSION_DEFAULTS, ...settings.sessionSettings }),
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    extra: {
      max: settings.poolSize ?? 10,
      application_name: settings.applicationName ?? 'supporter-crm',
      connectionTimeoutMillis: 5_000,
      statement_timeout: 60_000,
      Client: ListenedPgClient,
    },
  };
}
