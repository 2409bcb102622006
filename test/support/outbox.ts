import crypto from 'node:crypto';
import mysql from 'mysql2/promise';
import { HttpReceiver } from './receivers';
import { TEST_ADMIN_PASSWORD } from './processes';
import { gql, signIn } from './server';

/** Polls `check` until it holds or `timeoutMs` passes; resolves with whether it held. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * `count` people reached only by webhook (`<receiver>/page/<n>`) and a default policy whose first level pages them
 * all: each declared incident queues `count` pages in its own transaction. Each person signs in and adds their own
 * webhook (one someone else adds waits for the person to enter a code POSTed to it); one login each, and the admin's.
 */
export async function webhookPaging(graphqlUrl: string, receiverUrl: string, count: number): Promise<void> {
  const admin = await signIn(graphqlUrl, 'admin@localhost', TEST_ADMIN_PASSWORD);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `paged.${i}.${crypto.randomBytes(4).toString('hex')}@example.com`;
    const password = crypto.randomBytes(18).toString('base64url');
    const made = await gql(
      graphqlUrl,
      `mutation($n: String!, $e: String!, $p: String!) { createUser(input: { name: $n, email: $e, role: RESPONDER, password: $p }) { id } }`,
      { n: `Paged ${i}`, e: email, p: password },
      admin,
    );
    if (!made.data) throw new Error(`createUser: ${JSON.stringify(made.errors)}`);
    ids.push(made.data.createUser.id);
    const method = await gql(
      graphqlUrl,
      `mutation($u: ID!, $a: String!) { addContactMethod(userId: $u, kind: WEBHOOK, address: $a) { id verified } }`,
      { u: made.data.createUser.id, a: `${receiverUrl}/page/${i}` },
      await signIn(graphqlUrl, email, password),
    );
    if (!method.data?.addContactMethod.verified) throw new Error(`addContactMethod: ${JSON.stringify(method)}`);
  }
  const policy = await gql(
    graphqlUrl,
    `mutation($t: [EscalationTargetInput!]!) { createEscalationPolicy(input: { name: "everyone", isDefault: true,
    levels: [{ name: "everyone", targets: $t }] }) { id } }`,
    { t: ids.map((id) => ({ kind: 'USER', id })) },
  );
  if (!policy.data) throw new Error(`createEscalationPolicy: ${JSON.stringify(policy.errors)}`);
}

/** Declares an incident that pages everyone set up by `webhookPaging`; returns its id. */
export async function declarePaging(graphqlUrl: string, title: string): Promise<number> {
  const r = await gql(
    graphqlUrl,
    `mutation($t: String!) { declareIncident(input: { title: $t, severity: P2 }) { id } }`,
    { t: title },
  );
  if (!r.data) throw new Error(`declareIncident: ${JSON.stringify(r.errors)}`);
  return Number(r.data.declareIncident.id);
}

export interface PageRow {
  key: string;
  incidentId: number;
  status: string;
  attempts: number;
}

/** The outbox's page rows, read straight from the database (a test's view, not the API's). */
export async function pageRows(databaseUrl: string): Promise<PageRow[]> {
  const c = await mysql.createConnection({ uri: databaseUrl, connectTimeout: 2000 });
  try {
    const [rows] = await c.query(
      `SELECT idempotencyKey AS \`key\`, incidentId, status, attempts FROM notification WHERE kind = 'PAGE' ORDER BY id`,
    );
    return (rows as PageRow[]).map((r) => ({ ...r, incidentId: Number(r.incidentId) }));
  } finally {
    await c.end();
  }
}

/** The processes (host:pid) holding leases on notifications being sent right now. */
export async function leaseOwners(databaseUrl: string): Promise<string[]> {
  const c = await mysql.createConnection({ uri: databaseUrl, connectTimeout: 2000 });
  try {
    const [rows] = await c.query(`SELECT DISTINCT leaseOwner FROM notification WHERE status = 'SENDING'`);
    return (rows as Array<{ leaseOwner: string }>).map((r) => r.leaseOwner);
  } finally {
    await c.end();
  }
}

/** How often each idempotency key reached the receiver (answered 2xx: the receiver acted on it). */
export function deliveriesByKey(receiver: HttpReceiver): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of receiver.delivered()) {
    const key = String(r.headers['idempotency-key']);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Deliveries beyond the first, per key, over `keys` (all keys when absent). */
export function duplicates(receiver: HttpReceiver, keys?: string[]): number {
  const counts = deliveriesByKey(receiver);
  return [...counts].filter(([k]) => !keys || keys.includes(k)).reduce((n, [, c]) => n + c - 1, 0);
}
