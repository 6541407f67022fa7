import { TestEnvironment } from '@crm/testing';
import { Client } from 'pg';

/**
 * A connected client on a database of this test file's own (migrated, empty), opened before the
 * file's tests and dropped after them. Call inside `describe`; read the client in tests.
 */
export function useDatabaseClient(prepare?: (client: Client) => Promise<void>): () => Client {
  let env: TestEnvironment;
  let client: Client;
  beforeAll(async () => {
    env = await TestEnvironment.create();
    client = new Client({ connectionString: env.database.url });
    await client.connect();
    await prepare?.(client);
  });
  afterAll(async () => {
    await client.end();
    await env.destroy();
  });
  return () => client;
}
