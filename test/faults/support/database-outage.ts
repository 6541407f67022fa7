import { Client } from 'pg';
import { databaseUrl } from '@crm/testing';

/**
 * Takes one test database away from its clients and gives it back: no new connections, and every
 * open one terminated. Only this scenario's own database is touched; the shared server keeps
 * serving everyone else.
 */
export class DatabaseOutage {
  constructor(private readonly database: string) {}

  async begin(): Promise<void> {
    await this.admin(async (client) => {
      await client.query(`ALTER DATABASE "${this.database}" ALLOW_CONNECTIONS false`);
      await client.query(
        // With a timeout each call waits for its backend to exit: the outage has begun when begin() returns.
        'SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [this.database],
      );
    });
  }

  async end(): Promise<void> {
    await this.admin((client) => client.query(`ALTER DATABASE "${this.database}" ALLOW_CONNECTIONS true`));
  }

  private async admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: databaseUrl('postgres') });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}
