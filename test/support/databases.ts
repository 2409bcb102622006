import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { MYSQL_URL, mysqlAvailable } from './services';

export type TestDbKind = 'sqlite' | 'mariadb';

export interface TestDatabase {
  kind: TestDbKind;
  /** What the server takes as DATABASE_URL; null for SQLite. */
  databaseUrl: string | null;
  sqlitePath: string;
  /** The admin API token a server on this database is bootstrapped with (VIGIL_BOOTSTRAP_TOKEN). */
  adminToken: string;
  drop(): Promise<void>;
}

/** The databases a suite should run against: SQLite always, MariaDB when reachable (always under CI). */
export function testDatabaseKinds(): TestDbKind[] {
  return mysqlAvailable() ? ['sqlite', 'mariadb'] : ['sqlite'];
}

/** A fresh, empty database of the given kind, private to the caller. */
export async function createTestDatabase(kind: TestDbKind): Promise<TestDatabase> {
  const name = `vigil_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const adminToken = `test_admin_${crypto.randomBytes(18).toString('base64url')}`;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-test-'));
    return {
      kind,
      databaseUrl: null,
      sqlitePath: path.join(dir, `${name}.db`),
      adminToken,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = await mysql.createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    databaseUrl: url.toString(),
    sqlitePath: '',
    adminToken,
    drop: async () => {
      const c = await mysql.createConnection({ uri: MYSQL_URL });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/**
 * A counter of the rows in every table of an SQLite test database but `except`, for "a refused request writes
 * nothing" checks. The table list is read once, when the counter is made.
 */
export async function sqliteRowCounter(
  ds: { query(sql: string): Promise<unknown> },
  except: readonly string[],
): Promise<() => Promise<Record<string, number>>> {
  const rows = (await ds.query(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  )) as Array<{ name: string }>;
  const tables = rows.map((r) => r.name).filter((n) => !except.includes(n));
  return async () => {
    const counts: Record<string, number> = {};
    for (const t of tables)
      counts[t] = Number(((await ds.query(`SELECT COUNT(*) AS n FROM "${t}"`)) as Array<{ n: number }>)[0].n);
    return counts;
  };
}
