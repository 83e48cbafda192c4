/**
 * PostgreSQL, when `DATABASE_URL` is set: a managed database, or one shared by several
 * instances behind a load balancer. The same SQL and migrations as PGlite (`run-store.ts`);
 * only the connection differs: a pool of connections for queries, and one more connection,
 * the notifier's, for every LISTEN of this instance.
 */
import pg from 'pg';
import { postgresNotifier } from './notify';
import type { StoreOptions } from './pglite';
import { RunCache } from './run-cache';
import { migrate, sqlRunStore, type Database, type SqlClient, type SqlTx } from './run-store';

/** How to reach the database. */
export interface PostgresOptions extends StoreOptions {
  /** A connection string: `postgres://user:password@host:5432/db?sslmode=require`. */
  url: string;
  /** A schema to use instead of `public` (tests give each run its own); it must exist. */
  schema?: string;
  /** The most pooled connections of this instance (default 10). */
  maxConnections?: number;
}

/**
 * How long a new connection may take before the request fails with the store's 503: an
 * unreachable host must not hold requests for the operating system's TCP timeout.
 */
const CONNECT_TIMEOUT_MS = 5_000;

/** Opens a pool to the database, runs the migrations, and answers its store and notifier. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new Error(
      `A schema name is lower-case letters, digits and underscores: ${options.schema}`
    );
  }
  const config: pg.ClientConfig = {
    connectionString: options.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {})
  };
  const pool = new pg.Pool({ ...config, max: options.maxConnections ?? 10 });
  // An idle pooled connection that the server drops (a restart, a failover) is reported here;
  // without a listener it would crash the process. The pool replaces it on the next query.
  pool.on('error', (error) => {
    console.error(`A PostgreSQL connection was lost: ${error.message}`);
  });
  const db = poolClient(pool);
  try {
    await migrate(db);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const notifier = postgresNotifier(pool, config);
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await notifier.close();
      await pool.end();
    })());
  const store = sqlRunStore(db, close, options.beforeCommit, new RunCache(options.cacheChars));
  return { store, notifier, sql: db, close };
}

/**
 * node-postgres' pool as the store's SqlClient. A transaction takes one connection from the
 * pool for its BEGIN, its queries and its COMMIT (or ROLLBACK), since a transaction belongs to
 * a connection; a connection whose ROLLBACK failed is broken and is destroyed, not reused.
 */
export function poolClient(pool: pg.Pool): SqlClient {
  const query = async <T>(on: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    (await on.query(sql, params)) as unknown as { rows: T[] };
  return {
    query: (sql, params) => query(pool, sql, params),
    exec: (sql) => pool.query(sql),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const tx: SqlTx = {
          query: (sql, params) => query(client, sql, params),
          exec: (sql) => client.query(sql)
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          broken = rollback;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    }
  };
}
