import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { DataSource, EntityManager } from 'typeorm';
import { entities } from '../model/entities';
import { migrations } from './migrations';

export type DatabaseKind = 'sqlite' | 'mariadb' | 'mysql';

export interface Database {
  /**
   * The data source for the work in progress: the read pool inside `readScope` (GraphQL queries and subscriptions,
   * the public status page), else the write pool (ingestion, timers, mutations, everything else). On SQLite both are
   * the one connection.
   */
  readonly dataSource: DataSource;
  /** The write pool's data source whatever the scope (migrations, tests, shutdown). */
  readonly writes: DataSource;
  kind: DatabaseKind;
  /** Runs `work` in one transaction. On SQLite, transactions are queued: it has one connection and one writer. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /** The connection pools now (MySQL/MariaDB: write and read; SQLite has no pool: none). */
  pools(): PoolStats[];
  close(): Promise<void>;
}

/** One connection pool at a moment: connections open and lent out, idle, requests waiting, and its limit. */
export interface PoolStats {
  pool: 'write' | 'read';
  inUse: number;
  idle: number;
  waiting: number;
  limit: number;
}

/**
 * mysql2's pool keeps its connections in three queues it does not publish (stable since mysql2 1.x); read them
 * defensively: a pool whose shape is not this one reports nothing rather than a wrong number.
 */
function poolStats(pool: 'write' | 'read', dataSource: DataSource): PoolStats[] {
  const raw = (dataSource.driver as unknown as { pool?: Record<string, unknown> }).pool;
  const size = (q: unknown) =>
    q && typeof (q as { length?: unknown }).length === 'number' ? (q as unknown[]).length : null;
  const all = size(raw?._allConnections);
  const free = size(raw?._freeConnections);
  const waiting = size(raw?._connectionQueue);
  const limit = (raw?.config as { connectionLimit?: unknown } | undefined)?.connectionLimit;
  if (all === null || free === null || waiting === null || typeof limit !== 'number') return [];
  return [{ pool, inUse: all - free, idle: free, waiting, limit }];
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
  /** Write-pool connections per process on MySQL: ingestion, timers and mutations. */
  poolSize?: number;
  /** Read-pool connections per process on MySQL: GraphQL reads and the status page. */
  readPoolSize?: number;
  /** A statement on a read connection is stopped after this long (MariaDB max_statement_time, MySQL max_execution_time). */
  readTimeoutMs?: number;
}

/** Where the work in progress reads from: 'read' for GraphQL reads and public pages, 'write' otherwise. */
export interface DatabaseScope {
  pool: 'read' | 'write';
}

/**
 * The pool of the request in progress, carried through its async calls. GraphQL queries, subscriptions and the status
 * page run inside `readScope.run({ pool: 'read' }, …)`, so however many readers there are and however long they take,
 * they hold only the read pool's connections: alert ingestion and the timers always find a write connection.
 */
export const readScope = new AsyncLocalStorage<DatabaseScope>();

/** MariaDB's error for a statement stopped by max_statement_time, MySQL's for max_execution_time. */
const READ_TIMEOUT_ERRNOS: ReadonlySet<number> = new Set([1969, 3024]);

/** Whether `e` is a read stopped by the read timeout (the database's own error). */
export function isReadTimeout(e: unknown): boolean {
  const errno =
    (e as { errno?: unknown; driverError?: { errno?: unknown } } | null)?.errno ??
    (e as { driverError?: { errno?: unknown } } | null)?.driverError?.errno;
  return typeof errno === 'number' && READ_TIMEOUT_ERRNOS.has(errno);
}

function mysqlOptions(
  kind: 'mariadb' | 'mysql',
  url: string,
  poolSize: number,
  extra: Partial<{ migrations: typeof migrations }> = {},
) {
  return {
    type: kind,
    url,
    entities,
    migrations: extra.migrations ?? [],
    timezone: 'Z',
    charset: 'utf8mb4',
    extra: { connectionLimit: poolSize },
    logging: false,
  } as const;
}

/**
 * Every connection of the read pool gets a statement time limit: the one made while connecting (already in the pool,
 * idle, so the next query is served by it) at once, and every later one as it is made.
 */
async function limitStatementTime(dataSource: DataSource, kind: 'mariadb' | 'mysql', timeoutMs: number): Promise<void> {
  const sql =
    kind === 'mariadb'
      ? `SET SESSION max_statement_time = ${(timeoutMs / 1000).toFixed(3)}`
      : `SET SESSION max_execution_time = ${Math.round(timeoutMs)}`;
  const pool = (
    dataSource.driver as unknown as {
      pool: {
        on(event: 'connection', f: (c: { query(sql: string, cb: () => void): unknown }) => void): void;
        query(sql: string, cb: (e: unknown) => void): void;
      };
    }
  ).pool;
  pool.on('connection', (connection) => connection.query(sql, () => undefined));
  await new Promise<void>((resolve, reject) =>
    pool.query(sql, (e) => (e ? reject(e instanceof Error ? e : new Error(String(e))) : resolve())),
  );
}

/** Connects to MySQL/MariaDB (DATABASE_URL) or the embedded SQLite file, and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let dataSource: DataSource;
  let reads: DataSource | null = null;
  let kind: DatabaseKind;
  if (options.databaseUrl) {
    const flavour = await detectMysqlFlavour(options.databaseUrl);
    kind = flavour;
    dataSource = new DataSource(mysqlOptions(flavour, options.databaseUrl, options.poolSize ?? 20, { migrations }));
    reads = new DataSource(mysqlOptions(flavour, options.databaseUrl, options.readPoolSize ?? 10));
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
  if (reads) {
    await reads.initialize();
    await limitStatementTime(reads, kind as 'mariadb' | 'mysql', options.readTimeoutMs ?? 1000);
  }

  const current = (): DataSource => (reads && readScope.getStore()?.pool === 'read' ? reads : dataSource);
  let queue: Promise<unknown> = Promise.resolve();
  const transaction = <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => {
    if (kind !== 'sqlite') return current().transaction(work);
    const run = queue.then(() => dataSource.transaction(work));
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    get dataSource() {
      return current();
    },
    writes: dataSource,
    kind,
    transaction,
    pools: () => (reads ? [...poolStats('write', dataSource), ...poolStats('read', reads)] : []),
    async close() {
      await reads?.destroy();
      await dataSource.destroy();
    },
  };
}
