import fc from 'fast-check';

/** Header-safe text (fetch refuses control characters in header values). */
export const printable = fc.stringMatching(/^[\x20-\x7e]{0,120}$/);

const nasty = fc.constantFrom(
  "' OR 1=1 --",
  '"; DROP TABLE supporters; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '\u0000',
  '%00',
  '${jndi:ldap://127.0.0.1/x}',
  '{{constructor.constructor("return process")()}}',
  'a'.repeat(20_000),
  '💥'.repeat(200),
  '\uD800',
  'NaN',
  '1e309',
  'gbp\r\nSet-Cookie: x=1',
);

export const hostileString = fc.oneof(printable, nasty, fc.string({ maxLength: 200 }));

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 2 ** 31, 1e21, -0),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(printable, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** A JSON object with the endpoint's own field names (and prototype-pollution names) holding hostile values. */
export const hostileObject = (fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(
    fc.oneof(fc.constantFrom(...fields, '__proto__', 'constructor', 'prototype'), printable),
    hostileValue,
    {
      maxKeys: 8,
    },
  );

/** A valid body with some of its fields replaced or added with hostile values: reaches deeper than pure noise. */
export const nearlyValid = (
  valid: Record<string, unknown>,
  fields: readonly string[],
): fc.Arbitrary<Record<string, unknown>> =>
  hostileObject(fields).map((overrides) => ({ ...valid, ...overrides }));

/** Any body at all: JSON of any shape, text, or raw bytes. */
export const anyBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 500 }),
  fc.uint8Array({ maxLength: 2_000 }),
);

export const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  undefined,
);

export const hostileQuery: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('token', 'token[]', 'email', 'amount', '__proto__', 'q'), printable),
      hostileString,
    ),
    { maxLength: 4 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());
