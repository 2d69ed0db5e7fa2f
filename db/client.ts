import { resolve } from "node:path";

// Types only: PGlite's modules (and its WebAssembly) are imported when the embedded database is
// opened, never on a PostgreSQL server.
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, type LogEvent } from "kysely";
import pg from "pg";

import { createEmbedded, lockDataDir } from "./embedded";
import { DatabaseStartupError, describeError } from "./errors";
import { embeddedNotifications, serverNotifications, type Notifications } from "./notify";
import type { ReplicaLog } from "./replica";
import { ReadReplicas, ReplicaMismatchError, type ReadCount, type ReplicaStatus } from "./replicas";
import type { Database } from "./schema";

/**
 * The one module that knows whether the app runs on embedded PGlite or on a PostgreSQL server.
 * Everything else receives a `Kysely<Database>` (and, for Lucia, the `pg.Pool`) and never asks which.
 */

export type DatabaseTarget =
  | {
      kind: "server";
      url: string;
      /** DATABASE_READ_URL: streaming replicas of `url` for read-only pages (docs/decisions/005). */
      readUrls?: string[];
      /** DATABASE_READ_MAX_LAG_MS: a replica further behind is skipped. */
      maxReplicaLagMs?: number;
    }
  /** `dataDir` "memory://" gives a throw-away in-memory database (tests). */
  | { kind: "embedded"; dataDir: string };

export interface DatabaseHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  target: DatabaseTarget;
  /** Human-readable description, passwords masked, for logs and error messages. */
  label: string;
  /** LISTEN/NOTIFY for this process (see db/notify.ts); send with `notify()`. */
  notifications: Notifications;
  /**
   * A handle for one request's reads: a read replica when one is configured, up, within the lag
   * limit and has replayed `minLsn` (the reader's own last write); the primary otherwise. Without
   * replicas (and always on PGlite) it is `db`. Never for writes or transactions that write.
   */
  readDb(minLsn?: bigint): Kysely<Database>;
  /** The primary's WAL position after a write (for read-your-writes); undefined without replicas. */
  writePosition(): Promise<bigint | undefined>;
  /** How long after a write its author's reads may need the primary: the lag limit and a margin. */
  readYourWritesMs: number;
  replicaStatus(): ReplicaStatus[];
  readCounts(): ReadCount[];
  close(): Promise<void>;
}

export type { ReadCount, ReplicaStatus } from "./replicas";
export { DatabaseStartupError } from "./errors";

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;

/**
 * Both drivers speak the PostgreSQL wire protocol to the same `pg` parser, so these rules give
 * identical values on PGlite and on a server: counts and bigint ids as numbers (they stay far
 * below 2^53 here), `date` columns as "YYYY-MM-DD" strings (never shifted by the local time zone).
 */
const typeOverrides = new pg.TypeOverrides();
typeOverrides.setTypeParser(INT8_OID, (value) => Number(value));
typeOverrides.setTypeParser(NUMERIC_OID, (value) => Number(value));
typeOverrides.setTypeParser(DATE_OID, (value) => value);

export const DEFAULT_MAX_REPLICA_LAG_MS = 5_000;
/** Read-your-writes lasts the lag limit plus this: lag is measured once a second, to the second. */
const READ_YOUR_WRITES_MARGIN_MS = 5_000;

export function targetFromEnv(env: Record<string, string | undefined> = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  const readUrls = (env.DATABASE_READ_URL ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  if (!url) {
    if (readUrls.length) {
      throw new DatabaseStartupError("DATABASE_READ_URL demande DATABASE_URL / DATABASE_READ_URL needs DATABASE_URL (la base embarquée n'a pas de réplique)");
    }
    return { kind: "embedded", dataDir: resolve(env.DATA_DIR?.trim() || "data") };
  }
  for (const readUrl of readUrls) {
    let protocol = "";
    try {
      protocol = new URL(readUrl).protocol;
    } catch {
      // reported below
    }
    if (protocol !== "postgres:" && protocol !== "postgresql:") {
      throw new DatabaseStartupError(`DATABASE_READ_URL invalide / invalid: ${maskUrl(readUrl)} (attendu / expected postgres://…)`);
    }
  }
  const lag = env.DATABASE_READ_MAX_LAG_MS?.trim();
  if (lag && !/^\d{1,7}$/.test(lag)) {
    throw new DatabaseStartupError(`DATABASE_READ_MAX_LAG_MS invalide / invalid: ${lag} (millisecondes, ex. 5000)`);
  }
  return { kind: "server", url, readUrls, maxReplicaLagMs: lag ? Number(lag) : DEFAULT_MAX_REPLICA_LAG_MS };
}

export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    // libpq and pg also read `?password=` (and `sslpassword`) from the query string.
    if ([...parsed.searchParams.keys()].some((key) => /pass/i.test(key))) {
      const params = [...parsed.searchParams].map(([key, value]) => [key, /pass/i.test(key) ? "****" : value]);
      parsed.search = new URLSearchParams(params).toString();
    }
    return parsed.toString();
  } catch {
    return "<URL illisible>";
  }
}

export interface OpenOptions {
  /** Called for each query slower than `slowQueryMs`, with its SQL text (placeholders, never the values). */
  onSlowQuery?: (query: { sql: string; durationMs: number }) => void;
  slowQueryMs?: number;
  /** Read replicas going down, lagging, coming back (default: the console). */
  onReplicaEvent?: ReplicaLog;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<DatabaseHandle> {
  return target.kind === "server" ? openServer(target, options) : openEmbedded(target, options);
}

/** SLOW_QUERY_MS, default 200 ms. */
export function slowQueryThreshold(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.SLOW_QUERY_MS);
  return env.SLOW_QUERY_MS?.trim() && Number.isFinite(value) && value >= 0 ? value : 200;
}

function createKysely(pool: pg.Pool, options: OpenOptions): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLog(options) });
}

function queryLog({ onSlowQuery, slowQueryMs = 200 }: OpenOptions) {
  return onSlowQuery
    ? (event: LogEvent) => {
        if (event.queryDurationMillis >= slowQueryMs) {
          onSlowQuery({ sql: event.query.sql.replace(/\s+/g, " ").trim(), durationMs: Math.round(event.queryDurationMillis) });
        }
      }
    : undefined;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** The pool's connections (open, idle) and the queries waiting for one, for /metrics. */
export function poolStats(handle: Pick<DatabaseHandle, "pool">): PoolStats {
  const { totalCount, idleCount, waitingCount } = handle.pool;
  return { total: totalCount, idle: idleCount, waiting: waitingCount };
}

async function openServer(target: Extract<DatabaseTarget, { kind: "server" }>, options: OpenOptions): Promise<DatabaseHandle> {
  const label = maskUrl(target.url);
  const poolSize = Number(process.env.DATABASE_POOL_SIZE) || 10;
  const pool = new pg.Pool({
    connectionString: target.url,
    types: typeOverrides,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: "openent",
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener Node exits.
  pool.on("error", (error) => console.error(`[db] idle connection error on ${label}: ${error.message}`));
  // A connection checked out of the pool has no 'error' listener of the pool's: when the server
  // goes away mid-query (a restart, `pg_terminate_backend`), the unhandled event would crash the
  // process. The query in progress still rejects, and the pool drops the broken client on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  try {
    await pool.query("select 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseStartupError(
      `Base de données injoignable / database unreachable: ${label} (${describeError(error)})`,
    );
  }
  const db = createKysely(pool, options);
  const maxLagMs = target.maxReplicaLagMs ?? DEFAULT_MAX_REPLICA_LAG_MS;
  const replicas = target.readUrls?.length
    ? new ReadReplicas(pool, db, {
        urls: target.readUrls,
        maxLagMs,
        poolSize,
        types: typeOverrides,
        kysely: { log: queryLog(options) },
        log: options.onReplicaEvent ?? ((level, message, details) => console[level === "info" ? "log" : level](`[db] ${message}`, details)),
      })
    : undefined;
  try {
    await replicas?.start();
  } catch (error) {
    await replicas?.close();
    await pool.end().catch(() => undefined);
    if (error instanceof ReplicaMismatchError) {
      throw new DatabaseStartupError(
        `DATABASE_READ_URL n'est pas une copie de la base principale / is not a replica of DATABASE_URL: ${error.replica} ` +
          `(autre identifiant système ou autre base / another system identifier or database)`,
      );
    }
    throw new DatabaseStartupError(`Base de données injoignable / database unreachable: ${label} (${describeError(error)})`);
  }
  const notifications = serverNotifications({
    connectionString: target.url,
    types: typeOverrides,
    connectionTimeoutMillis: 5_000,
    application_name: "openent-listen",
  });
  return {
    db,
    pool,
    target,
    label,
    notifications,
    readDb: (minLsn) => replicas?.readDb(minLsn) ?? db,
    writePosition: async () => replicas?.writePosition(),
    readYourWritesMs: maxLagMs + READ_YOUR_WRITES_MARGIN_MS,
    replicaStatus: () => replicas?.status() ?? [],
    readCounts: () => replicas?.readCounts() ?? [],
    async close() {
      await replicas?.close();
      await notifications.close();
      await pool.end();
    },
  };
}

async function openEmbedded(target: Extract<DatabaseTarget, { kind: "embedded" }>, options: OpenOptions): Promise<DatabaseHandle> {
  const { dataDir } = target;
  const inMemory = dataDir === "memory://";
  const label = inMemory ? "PGlite (mémoire)" : `PGlite ${dataDir}`;
  const releaseLock = inMemory ? () => undefined : lockDataDir(dataDir);

  let lite: PGlite;
  try {
    lite = await createEmbedded(dataDir);
  } catch (error) {
    releaseLock();
    throw new DatabaseStartupError(
      `Impossible d'ouvrir la base embarquée / cannot open the embedded database in ${dataDir} ` +
        `(corrompue ou illisible / corrupt or unreadable: ${describeError(error)}). Rien n'a été supprimé / nothing was deleted.`,
    );
  }
  // PGlite is a single connection: one pooled client, and callers keep transactions short.
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  const pool = new pg.Pool({ ...createPgConfig(lite), max: 1, types: typeOverrides });
  pool.on("error", (error) => console.error(`[db] ${label}: ${error.message}`));
  let closed = false;
  const notifications = embeddedNotifications(lite);
  const db = createKysely(pool, options);
  return {
    db,
    pool,
    target,
    label,
    notifications,
    readDb: () => db,
    writePosition: async () => undefined,
    readYourWritesMs: 0,
    replicaStatus: () => [],
    readCounts: () => [],
    async close() {
      if (closed) return;
      closed = true;
      await notifications.close();
      await pool.end();
      await lite.close();
      releaseLock();
    },
  };
}
