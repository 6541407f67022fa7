import { stripeSignature, type BootedApp, bootApp, TestEnvironment } from '@crm/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { APPS } from './support/apps';
import {
  anyBody,
  contentType,
  hostileObject,
  hostileQuery,
  hostileString,
  nearlyValid,
  printable,
} from './support/hostile-input';
import { FakeProviders, STRIPE_WEBHOOK_SECRET } from './support/provider-env';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/** Far above any healthy answer on loopback; a request that takes longer is hanging. */
const RESPONSE_BOUND_MS = 5_000;
/** A hostile shape is refused in milliseconds; 60,000 fields once took 3.5 s. */
const HOSTILE_SHAPE_BOUND_MS = 500;
/** A hostile value in a well-formed request may be accepted, which calls the fake Stripe. */
const HOSTILE_VALUE_BOUND_MS = 2_000;

interface FuzzRequest {
  method: string;
  query: string;
  headers: Record<string, string | undefined>;
  body: string | Uint8Array | undefined;
}

interface Endpoint {
  name: string;
  app: 'donations' | 'subscribers' | 'mailer';
  path: string;
  /** Tables whose contents must not change when the endpoint answers 4xx. */
  tables: readonly string[];
  request: fc.Arbitrary<FuzzRequest>;
  /** Sign each body with the mailer's SendGrid webhook key (made when the test starts). */
  signedBySendGrid?: boolean;
}

const json = (value: unknown): string => JSON.stringify(value);

const post = (
  body: fc.Arbitrary<string | Uint8Array>,
  headers: fc.Arbitrary<Record<string, string | undefined>> = fc.constant({}),
): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    method: fc.constant('POST'),
    query: hostileQuery,
    headers: fc
      .tuple(contentType, headers)
      .map(([type, extra]): Record<string, string | undefined> => ({ 'Content-Type': type, ...extra })),
    body,
  });

const get = (): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    method: fc.constant('GET'),
    query: hostileQuery,
    headers: fc.record({ 'X-Forwarded-For': printable }),
    body: fc.constant(undefined),
  });

const CHECKOUT_FIELDS = [
  'amount',
  'currency',
  'frequency',
  'email',
  'name',
  'campaign',
  'coverFees',
  'giftAid',
  'successUrl',
  'cancelUrl',
];
const SUBSCRIBE_FIELDS = ['email', 'name', 'source', 'consentText'];
const STRIPE_EVENT_FIELDS = ['id', 'type', 'data', 'object', 'created', 'livemode', 'api_version'];
const hostileEvent = fc
  .record({
    id: fc.oneof(
      fc.uuid().map((id) => `evt_fuzz_${id}`),
      hostileString,
    ),
    type: fc.oneof(
      fc.constantFrom(
        'checkout.session.completed',
        'invoice.paid',
        'charge.refunded',
        'customer.subscription.updated',
      ),
      hostileString,
    ),
    created: fc.oneof(fc.integer(), hostileString),
    data: fc.record({
      object: fc.oneof(hostileObject(['id', 'object', 'mode', 'amount_total', 'currency', 'metadata'])),
    }),
  })
  .map(json);
const SENDGRID_TABLES = ['email_events', 'suppressions'];
const SENDGRID_EVENT_FIELDS = [
  'sg_event_id',
  'event',
  'email',
  'timestamp',
  'sg_message_id',
  'type',
  'reason',
];
const sendGridEvent = fc.record({
  sg_event_id: fc.uuid(),
  event: fc.constantFrom('delivered', 'open', 'click', 'bounce', 'dropped', 'spamreport', 'unsubscribe'),
  email: fc.emailAddress(),
  timestamp: fc.integer({ min: 0, max: 2 ** 31 }),
  campaign_id: fc.uuid(),
  recipient_id: fc.uuid(),
});
const hostileSendGridEvent = fc.oneof(
  hostileObject(SENDGRID_EVENT_FIELDS),
  fc
    .tuple(sendGridEvent, hostileObject([...SENDGRID_EVENT_FIELDS, 'campaign_id', 'recipient_id']))
    .map(([valid, hostile]) => ({ ...valid, ...hostile })),
  sendGridEvent,
);
const stripeSignatureHeader = fc.oneof(
  printable,
  fc.integer({ min: 0 }).map((t) => `t=${t},v1=${'0'.repeat(64)}`),
  fc.string({ maxLength: 300 }).map((payload) => stripeSignature(payload, 'whsec_not_the_real_secret_000')),
);

const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET /donor/recurring',
    app: 'donations',
    path: '/donor/recurring',
    tables: ['recurring_donations'],
    request: get(),
  },
  {
    name: 'POST /donor/recurring',
    app: 'donations',
    path: '/donor/recurring',
    tables: ['recurring_donations'],
    request: post(
      fc.oneof(
        anyBody,
        hostileObject(['action', 'amount']).map(json),
        nearlyValid({ action: 'cancel' }, ['action', 'amount']).map(json),
      ),
    ),
  },
  {
    name: 'POST /checkout',
    app: 'donations',
    path: '/checkout',
    tables: ['donations', 'gift_aid_declarations'],
    request: post(
      fc.oneof(
        anyBody,
        hostileObject(CHECKOUT_FIELDS).map(json),
        nearlyValid({ amount: 2500, frequency: 'one_off', email: 'fuzz@example.org' }, CHECKOUT_FIELDS).map(
          json,
        ),
      ),
      fc.record({ 'Idempotency-Key': printable }, { requiredKeys: [] }),
    ),
  },
  {
    name: 'POST /webhooks/stripe',
    app: 'donations',
    path: '/webhooks/stripe',
    tables: ['stripe_events', 'donations'],
    request: post(
      fc.oneof(anyBody, hostileObject(STRIPE_EVENT_FIELDS).map(json)),
      fc.record({ 'Stripe-Signature': stripeSignatureHeader }, { requiredKeys: [] }),
    ),
  },
  {
    name: 'POST /subscribe',
    app: 'subscribers',
    path: '/subscribe',
    tables: ['supporters', 'newsletter_subscriptions', 'consent_events'],
    request: post(
      fc.oneof(
        anyBody,
        hostileObject(SUBSCRIBE_FIELDS).map(json),
        nearlyValid({ email: 'fuzz@example.org', consentText: 'Yes please' }, SUBSCRIBE_FIELDS).map(json),
      ),
      fc.record({ 'X-Forwarded-For': printable }, { requiredKeys: [] }),
    ),
  },
  {
    name: 'GET /subscribe/confirm',
    app: 'subscribers',
    path: '/subscribe/confirm',
    tables: ['newsletter_subscriptions', 'consent_events'],
    request: get(),
  },
  {
    name: 'POST /subscribe/confirm',
    app: 'subscribers',
    path: '/subscribe/confirm',
    tables: ['newsletter_subscriptions', 'consent_events'],
    request: post(
      fc.oneof(
        anyBody,
        hostileString.map((text) => `token=${text}`),
        hostileString.map((token) => json({ token })),
      ),
    ),
  },
  {
    name: 'GET /unsubscribe',
    app: 'subscribers',
    path: '/unsubscribe',
    tables: ['newsletter_subscriptions', 'consent_events'],
    request: get(),
  },
  {
    name: 'POST /unsubscribe',
    app: 'subscribers',
    path: '/unsubscribe',
    tables: ['newsletter_subscriptions', 'consent_events'],
    request: post(
      fc.oneof(
        anyBody,
        fc.constant('List-Unsubscribe=One-Click'),
        hostileString.map((text) => `List-Unsubscribe=${text}`),
      ),
    ),
  },
  {
    name: 'GET /preferences',
    app: 'subscribers',
    path: '/preferences',
    tables: ['topic_subscriptions', 'consent_events', 'supporters'],
    request: get(),
  },
  {
    name: 'POST /preferences',
    app: 'subscribers',
    path: '/preferences',
    tables: ['topic_subscriptions', 'consent_events', 'supporters'],
    request: post(
      fc.oneof(
        anyBody,
        fc.constant('action=unsubscribe-all'),
        hostileString.map((text) => `action=save&firstName=${text}&topic=${text}`),
      ),
    ),
  },
  {
    name: 'POST /webhooks/sendgrid',
    app: 'mailer',
    path: '/webhooks/sendgrid',
    tables: SENDGRID_TABLES,
    request: post(
      fc.oneof(anyBody, fc.array(hostileSendGridEvent, { maxLength: 5 }).map(json)),
      fc.record(
        {
          'X-Twilio-Email-Event-Webhook-Signature': printable,
          'X-Twilio-Email-Event-Webhook-Timestamp': fc.oneof(printable, fc.integer().map(String)),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  {
    // Correctly signed but hostile: the signature is no licence to crash. A 200 here stores the event
    // and its processing runs on afterwards, touching donations and supporters, so this comes last
    // and checks no tables.
    name: 'POST /webhooks/stripe (signed)',
    app: 'donations',
    path: '/webhooks/stripe',
    tables: [],
    request: post(
      fc.oneof(fc.json({ maxDepth: 3 }), hostileObject(STRIPE_EVENT_FIELDS).map(json), hostileEvent),
    ).map((request) => ({
      ...request,
      headers: {
        'Content-Type': 'application/json',
        'Stripe-Signature': stripeSignature(String(request.body), STRIPE_WEBHOOK_SECRET),
      },
    })),
  },
  {
    // Signed with the configured key, hostile inside. Ingest is synchronous, so tables are checked.
    name: 'POST /webhooks/sendgrid (signed)',
    app: 'mailer',
    path: '/webhooks/sendgrid',
    tables: SENDGRID_TABLES,
    request: fc
      .oneof(fc.json({ maxDepth: 3 }), fc.array(hostileSendGridEvent, { maxLength: 5 }).map(json))
      .map((body) => ({ method: 'POST', query: '', headers: {}, body })),
    signedBySendGrid: true,
  },
];

/**
 * Random and hostile bodies, headers and query strings at every public endpoint: never a 5xx, never
 * a change to the endpoint's tables when it answers 4xx, always an answer within the bound.
 */
describe('fuzzing the public endpoints', () => {
  let env: TestEnvironment;
  let providers: FakeProviders;
  const booted = new Map<string, BootedApp>();
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    providers = await FakeProviders.start();
    for (const app of APPS) {
      booted.set(app.name, await bootApp(app.loadConfig(env.env(providers.env())), app.rootModule));
    }
    db = booted.get('subscribers')!.app.get(DataSource);
  }, 60_000);
  afterAll(async () => {
    for (const app of booted.values()) await app.close();
    await providers?.stop();
    await env?.destroy();
  });

  /** Row count and a digest of every row, so an update shows as well as an insert or delete. */
  const tableStates = async (tables: readonly string[]): Promise<Record<string, string>> => {
    const states: Record<string, string> = {};
    for (const table of tables) {
      const [row] = (await db.query(
        `SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS state FROM ${table} t`,
      )) as { state: string }[];
      states[table] = row!.state;
    }
    return states;
  };

  it.each(ENDPOINTS)('$name survives hostile input', async (endpoint) => {
    const base = booted.get(endpoint.app)!.url;
    await fc.assert(
      fc.asyncProperty(endpoint.request, async (request) => {
        const before = await tableStates(endpoint.tables);
        const headers = endpoint.signedBySendGrid
          ? providers.sendgridSigner.sign(String(request.body)).headers
          : Object.fromEntries(
              Object.entries(request.headers).filter(
                (entry): entry is [string, string] => entry[1] !== undefined,
              ),
            );
        const response = await fetch(`${base}${endpoint.path}${request.query ? `?${request.query}` : ''}`, {
          method: request.method,
          headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(RESPONSE_BOUND_MS),
        });
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(await tableStates(endpoint.tables)).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  describe('hostile shapes', () => {
    /** `{"key_0":0,…}` with 60,000 fields: about 770 kB. */
    const sixtyThousandFields = `{${Array.from({ length: 60_000 }, (_, index) => `"key_${index}":0`).join(',')}}`;
    const twoThousandLevels = `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`;
    const deepInAField = (field: string): string => `{"${field}":${'['.repeat(2_000)}${']'.repeat(2_000)}}`;
    const signedStripe = (payload: string, header: (signed: string, now: number) => string) => {
      const now = Math.floor(Date.now() / 1000);
      return header(stripeSignature(payload, STRIPE_WEBHOOK_SECRET, now), now);
    };
    const stripeEvent = json({
      id: `evt_fuzz_double_t_${Date.now()}`,
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cs_fuzz_double_t', object: 'checkout.session', mode: 'payment' } },
    });

    interface ShapeCase {
      name: string;
      endpoint: string;
      body: () => string;
      headers?: () => Record<string, string>;
      /** A shape no real request has, so always a 4xx (the others may be accepted, cleaned). */
      refused?: true;
    }
    const JSON_POSTS = ENDPOINTS.filter(
      (endpoint) => endpoint.name.startsWith('POST') && !endpoint.name.endsWith('(signed)'),
    );
    const NAMES = [
      'Ada\r\nBcc: victim@example.net',
      'Ada\u0007\u001b[2J',
      'Ada [%m1t%] [%unsubscribe%]',
      '[%email%]',
    ];
    const CASES: ShapeCase[] = [
      ...JSON_POSTS.flatMap((endpoint): ShapeCase[] => [
        {
          name: `60,000 fields to ${endpoint.name}`,
          endpoint: endpoint.name,
          body: () => sixtyThousandFields,
        },
        { name: `2,000 levels to ${endpoint.name}`, endpoint: endpoint.name, body: () => twoThousandLevels },
        {
          name: `2,000 levels in a field of ${endpoint.name}`,
          endpoint: endpoint.name,
          body: () => deepInAField('name'),
        },
      ]),
      {
        name: 'two t= values in Stripe-Signature, the first far ahead',
        endpoint: 'POST /webhooks/stripe (signed)',
        body: () => stripeEvent,
        headers: () => ({
          'Stripe-Signature': signedStripe(stripeEvent, (signed, now) => `t=${now + 86_400},${signed}`),
        }),
      },
      {
        name: 'two t= values in Stripe-Signature, the last far ahead',
        endpoint: 'POST /webhooks/stripe (signed)',
        body: () => stripeEvent,
        headers: () => ({
          'Stripe-Signature': signedStripe(stripeEvent, (signed, now) => `${signed},t=${now + 86_400}`),
        }),
      },
      ...NAMES.flatMap((name): ShapeCase[] => [
        {
          name: `name ${JSON.stringify(name)} to POST /subscribe`,
          endpoint: 'POST /subscribe',
          body: () => json({ email: 'shapes@example.org', name, consentText: 'Yes please' }),
        },
        {
          name: `name ${JSON.stringify(name)} to POST /checkout`,
          endpoint: 'POST /checkout',
          body: () =>
            json({
              amount: 2500,
              frequency: 'one_off',
              email: 'shapes@example.org',
              name,
              giftAid: { firstName: name, lastName: name, houseNameOrNumber: '1', postcode: 'N1 1AA' },
            }),
        },
      ]),
    ];

    it('covers every public JSON POST endpoint', () => {
      expect(JSON_POSTS.map((endpoint) => endpoint.name)).toEqual(
        expect.arrayContaining([
          'POST /checkout',
          'POST /subscribe',
          'POST /donor/recurring',
          'POST /webhooks/stripe',
        ]),
      );
    });

    it.each(CASES)('$name: a fast answer, never a 5xx, nothing stored when refused', async (shape) => {
      const endpoint = ENDPOINTS.find((candidate) => candidate.name === shape.endpoint)!;
      const before = await tableStates(endpoint.tables);
      const started = performance.now();
      const response = await fetch(`${booted.get(endpoint.app)!.url}${endpoint.path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...shape.headers?.() },
        body: shape.body(),
        signal: AbortSignal.timeout(RESPONSE_BOUND_MS),
      });
      const text = await response.text();
      const elapsed = performance.now() - started;
      expect(response.status).toBeLessThan(500);
      if (shape.refused) expect(response.status).toBeGreaterThanOrEqual(400);
      expect(elapsed).toBeLessThan(shape.refused ? HOSTILE_SHAPE_BOUND_MS : HOSTILE_VALUE_BOUND_MS);
      expect(text.length).toBeLessThan(20_000);
      if (response.status >= 400) expect(await tableStates(endpoint.tables)).toEqual(before);
    });
  });
});
