import { staffBearer } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../test/donations-harness';

/** Routes anyone may call; every other route the app serves must demand a staff token. */
const PUBLIC = new Set([
  'POST /checkout',
  'POST /webhooks/stripe',
  'GET /donor/recurring',
  'POST /donor/recurring',
  'GET /donate',
  'POST /donate',
  'GET /donate/thanks',
  'GET /health',
  'GET /metrics',
]);
const SAMPLE_ID = '0b7c9c9e-1f5e-4a53-9b1e-6d0f3b1f2a11';

describe('every staff route of the donations app', () => {
  let harness: DonationsHarness;
  let routes: [string, string][];

  beforeAll(async () => {
    harness = await DonationsHarness.start();
    const docs = await request(harness.url).get('/docs-json').expect(200);
    const paths = docs.body.paths as Record<string, Record<string, unknown>>;
    routes = Object.entries(paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method): [string, string] => [method.toUpperCase(), path]),
      )
      .filter(([method, path]) => !PUBLIC.has(`${method} ${path}`));
  });
  afterAll(() => harness.close());

  const call = (method: string, path: string) =>
    request(harness.url)[method.toLowerCase() as 'get' | 'post'](path.replace('{id}', SAMPLE_ID));

  it('lists the staff routes the contract names', () => {
    expect(routes.map((route) => route.join(' '))).toEqual(
      expect.arrayContaining([
        'GET /donations',
        'GET /donations/summary',
        'GET /donations/export.csv',
        'GET /recurring',
        'GET /gift-aid/eligible',
        'POST /gift-aid/claims',
        'GET /gift-aid/claims/{id}/schedule.csv',
      ]),
    );
  });

  it('refuses each one without a token, with a bad token, and to a role without donations access', async () => {
    const comms = await staffBearer(harness.dataSource, 'comms');
    for (const [method, path] of routes) {
      const missing = await call(method, path);
      const forged = await call(method, path).set('Authorization', 'Bearer forged');
      const wrongRole = await call(method, path).set('Authorization', comms);
      expect([method, path, missing.status, forged.status, wrongRole.status]).toEqual([
        method,
        path,
        401,
        401,
        403,
      ]);
    }
  });
});
