import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { DataSource, EntityManager } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export type DatabaseKind = 'sqlite' | 'mariadb' | 'mysql';

export interface Database {
  dataSource: DataSource;
  kind: DatabaseKind;
  /** Runs `work` in one transaction. On SQLite, transactions are queued: it has one connection and one writer. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** MariaDB and MySQL need different TypeORM drivers (schema diffs differ), so ask the server which it is. */
async function detectMysqlFlavour(url: string): Promise<'mariadb' | 'mysql'> {
  const conn = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as Array<{ v: string }>)[0].v)) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}

/** Replicas starting together must not run the same migration twice: MySQL's named lock serialises them. */
async function withMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ uri: url });
  try {
    await conn.query("SELECT GET_LOCK('vigil_migrations', 120)");
    return await work();
  } finally {
    await conn.query("SELECT RELEASE_LOCK('vigil_migrations')").catch(() => undefined);
    await conn.end();
  }
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  sqlitePath: string;
  /** Connections per process on MySQL. */
  poolSize?: number;
}

/** Connects to MySQL/MariaDB (DATABASE_URL) or the embedded SQLite file, and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let dataSource: DataSource;
  let kind: DatabaseKind;
  if (options.databaseUrl) {
    kind = await detectMysqlFlavour(options.databaseUrl);
    dataSource = new DataSource({
      type: kind,
      url: options.databaseUrl,
      entities,
      migrations,
      timezone: 'Z',
      charset: 'utf8mb4',
      extra: { connectionLimit: options.poolSize ?? 20 },
      logging: false,
    });
  } else {
    kind = 'sqlite';
    if (options.sqlitePath !== ':memory:') fs.mkdirSync(path.dirname(options.sqlitePath), { recursive: true });
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: options.sqlitePath,
      entities,
      migrations,
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
      logging: false,
    });
  }
  await dataSource.initialize();
  const migrate = () => dataSource.runMigrations({ transaction: 'each' });
  if (options.databaseUrl) await withMigrationLock(options.databaseUrl, migrate);
  else await migrate();

  let queue: Promise<unknown> = Promise.resolve();
  const transaction = <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => {
    if (kind !== 'sqlite') return dataSource.transaction(work);
    const run = queue.then(() => dataSource.transaction(work));
    queue = run.catch(() => undefined);
    return run;
  };
  return { dataSource, kind, transaction, close: () => dataSource.destroy() };
}
