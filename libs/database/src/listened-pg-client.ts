import { Client, type ClientConfig } from 'pg';

/**
 * The pool's connection class: a pg client that always has an 'error' listener. PostgreSQL ends a
 * session it terminates (a restart, an outage, pg_terminate_backend) with a FATAL message that the
 * client emits as an 'error' event, and TypeORM stops listening on a connection at its first error;
 * a second error on it had nobody listening and, as an unhandled 'error' event, stopped the whole
 * app (seen in the PostgreSQL-outage fault suite: the donations process died mid-burst). The pool
 * and TypeORM still receive and handle every error as before; this only keeps an error nobody
 * listens for from being thrown.
 */
export class ListenedPgClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}
