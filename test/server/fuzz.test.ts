import fc from 'fast-check';
import { IntrospectionField, IntrospectionInputTypeRef } from 'graphql';
import { sqliteRowCounter } from '../support/databases';
import { SchemaCalls, documentFor, loadSchemaCalls } from '../support/schema-calls';
import { TestServer, gql, startTestServer } from '../support/server';

const RUNS_PER_MUTATION = 40;
// Ending the admin's own credentials mid-run would turn every later call into a 401; covered in access-control.
const SKIP = new Set(['logout']);
// These start work that goes on writing to the timeline after the call returns (a runbook's output stream).
const ASYNC_WRITERS = new Set(['runRunbookAction']);
const KNOWN_CODES = new Set([
  'VALIDATION',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'RATE_LIMITED',
]);

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'null',
    "'; DROP TABLE incident; --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000',
    'x'.repeat(20_000),
  ),
);

/** A fast-check arbitrary for any GraphQL input type: valid shapes filled with hostile values. */
function arbitraryFor(calls: SchemaCalls, t: IntrospectionInputTypeRef, depth = 0): fc.Arbitrary<unknown> {
  if (t.kind === 'NON_NULL') return arbitraryFor(calls, t.ofType, depth);
  if (t.kind === 'LIST') return fc.array(arbitraryFor(calls, t.ofType, depth + 1), { maxLength: depth > 1 ? 1 : 4 });
  const type = calls.types.get(t.name)!;
  if (type.kind === 'ENUM') return fc.constantFrom(...type.enumValues.map((v) => v.name));
  if (type.kind === 'INPUT_OBJECT') {
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of type.inputFields) {
      const arb = arbitraryFor(calls, f.type, depth + 1);
      fields[f.name] = f.type.kind === 'NON_NULL' ? arb : fc.option(arb, { nil: null });
    }
    return fc.record(fields);
  }
  switch (type.name) {
    case 'ID':
      return fc.oneof(
        fc.nat({ max: 50 }).map(String),
        fc.constantFrom('0', '-3', '1.5', 'abc', '99999999999999999999'),
      );
    case 'Int':
      return fc.oneof(fc.integer({ min: -5, max: 500 }), fc.constantFrom(0, -2147483648, 2147483647));
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'DateTimeISO':
      return fc
        .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'JSONObject':
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
    default:
      return nasty;
  }
}

describe('fuzzing every mutation with generated input (SQLite)', () => {
  let server: TestServer;
  let calls: SchemaCalls;
  let rowCounts: () => Promise<Record<string, number>>;

  beforeAll(async () => {
    // No timers: a refused call must write nothing, and only timers write on their own.
    server = await startTestServer('sqlite', { config: { backgroundJobs: false } });
    calls = await loadSchemaCalls(server.graphqlUrl);
    await gql(server.graphqlUrl, `mutation { createService(input: { name: "fuzz-target" }) { id } }`);
    // Give the fuzzer real rows to hit: ids 1–3 exist.
    for (let i = 0; i < 3; i++)
      await gql(server.graphqlUrl, `mutation { declareIncident(input: { title: "fuzz ${i}", severity: P2 }) { id } }`);
    // The audit log records refused calls too, and the notification sender works through its outbox on its own
    // clock: neither is written by the refused request itself.
    rowCounts = await sqliteRowCounter(server.app.db.dataSource, [
      'audit_log',
      'session',
      'api_token',
      'migrations',
      'notification',
      'notification_attempt',
    ]);
  });
  afterAll(() => server?.dispose());

  it('never answers 5xx, always with a known error code, and a refused call writes nothing', async () => {
    const fields = calls.mutations.filter((f: IntrospectionField) => !SKIP.has(f.name));
    let runs = 0;
    for (const field of fields) {
      const argsArb = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitraryFor(calls, a.type)])));
      await fc.assert(
        fc.asyncProperty(argsArb, async (variables) => {
          runs++;
          const before = await rowCounts();
          const res = await gql(server.graphqlUrl, documentFor(field), variables as Record<string, unknown>);
          if (res.status >= 500) throw new Error(`${field.name}: HTTP ${res.status} ${JSON.stringify(res.errors)}`);
          for (const e of res.errors ?? []) {
            const code = String(e.extensions?.code);
            if (!KNOWN_CODES.has(code)) throw new Error(`${field.name}: unexpected code ${code}: ${e.message}`);
            if (!e.message || /\n\s+at /.test(e.message)) throw new Error(`${field.name}: bad message ${e.message}`);
          }
          if (res.errors?.length && !ASYNC_WRITERS.has(field.name)) expect(await rowCounts()).toEqual(before);
        }),
        { numRuns: RUNS_PER_MUTATION, seed: 20261128 },
      );
    }
    expect(runs).toBeGreaterThanOrEqual(1000);
  }, 600_000);
});
