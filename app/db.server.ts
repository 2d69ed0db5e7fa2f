import type { Kysely } from "kysely";

import {
  DatabaseStartupError,
  openDatabase,
  poolStats,
  slowQueryThreshold,
  targetFromEnv,
  type DatabaseHandle,
  type PoolStats,
  type ReadCount,
  type ReplicaStatus,
} from "../db/client";
import { migrateToLatest } from "../db/migrate";
import type { Database } from "../db/schema";
import { prepareEmbeddedDemo } from "../db/demo";
import { demoAccountsBanner } from "../db/demo-accounts";
import { logger } from "../server/logger";
import { startMailDelivery } from "./mail/delivery.server";
import { createTransport } from "./mail/transport.server";
import { startMaintenance } from "./maintenance.server";
import { readYourWritesCookie, readYourWritesPosition } from "./read-your-writes.server";
import { digestHourFromEnv, startNotificationMail } from "./notifications/mail-scheduler.server";

/**
 * The app's one database handle. Kept on `globalThis` so that `remix dev` rebuilds, which
 * re-evaluate this module, reuse it: a second PGlite on the same directory would corrupt it.
 * It is closed by `stopDatabase()`, which server/index.ts calls once the HTTP server has drained.
 */
declare global {
  var __openentDatabase: Promise<DatabaseHandle> | undefined;
  var __openentSchedulers: (() => Promise<void>)[] | undefined;
  var __openentClosing: Promise<void> | undefined;
}

export function database(): Promise<DatabaseHandle> {
  globalThis.__openentDatabase ??= start();
  return globalThis.__openentDatabase;
}

/** The primary: every write, every transaction, and every read that must be current. */
export async function getDb(): Promise<Kysely<Database>> {
  return (await database()).db;
}

const readHandles = new WeakMap<Request, Kysely<Database>>();

/**
 * For the queries of read-only pages (lists, threads, search, public feeds): a read replica when
 * DATABASE_READ_URL is set and one is up, not lagging and has the member's own last write; the
 * primary otherwise (always on PGlite). Never for writes: a replica refuses them.
 */
export async function getReadDb(request: Request): Promise<Kysely<Database>> {
  let readDb = readHandles.get(request);
  if (!readDb) {
    const handle = await database();
    const secure = new URL(request.url).protocol === "https:";
    readDb = handle.readDb(readYourWritesPosition(request.headers.get("Cookie"), secure));
    readHandles.set(request, readDb);
  }
  return readDb;
}

/**
 * Called by the server after a request that may have written (server/remix-adapter.ts): the
 * read-your-writes cookie with the primary's position, or nothing without replicas.
 */
export async function afterWrite(request: Request): Promise<string | undefined> {
  const handle = await database();
  const position = await handle.writePosition();
  if (position === undefined) return undefined;
  return readYourWritesCookie(position, handle.readYourWritesMs, new URL(request.url).protocol === "https:");
}

/** The read replicas' state, for /healthz and /metrics (empty without DATABASE_READ_URL). */
export async function replicaStatus(): Promise<ReplicaStatus[]> {
  return (await database()).replicaStatus();
}

/** Opens, migrates and (first run of the embedded demo) seeds; exits with one line on failure. */
export function startDatabase(): Promise<void> {
  return database().then(
    () => undefined,
    (error: unknown) => {
      const message = error instanceof DatabaseStartupError ? error.message : describe(error);
      console.error(`[openent] ${message}`);
      process.exit(1);
    },
  );
}

async function start(): Promise<DatabaseHandle> {
  const digestHour = digestHourFromEnv();
  const handle = await openDatabase(targetFromEnv(), {
    slowQueryMs: slowQueryThreshold(),
    // The SQL text only: its parameters may be passwords' hashes, tokens or members' text.
    onSlowQuery: ({ sql, durationMs }) => logger().warn({ sql, durationMs }, "slow query"),
    onReplicaEvent: (level, message, details) => logger()[level](details, message),
  });
  try {
    await migrateToLatest(handle.db);
    // Demo accounts exist only in the embedded demo database, never on a DATABASE_URL server, and
    // are created once, on the first start (see db/demo.ts).
    if (handle.target.kind === "embedded") {
      const demo = await prepareEmbeddedDemo(handle.db);
      if (demo.status === "seeded") console.log(`[openent] base de démonstration initialisée dans ${handle.label}`);
      if (demo.accountsPresent) console.log(demoAccountsBanner());
    }
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  globalThis.__openentSchedulers = [
    startMailDelivery(handle.db, createTransport()),
    startMaintenance(handle.db),
    startNotificationMail(handle.db, digestHour),
  ];
  console.log(`[openent] base de données prête : ${handle.label}${replicaSummary(handle.replicaStatus())}`);
  return handle;
}

/**
 * The end of a graceful shutdown, after the HTTP server has drained: stop the schedulers (each
 * finishes its run in progress), then close the pool or PGlite (which flushes and releases the
 * data directory's lock). Safe to call twice.
 */
export function stopDatabase(): Promise<void> {
  globalThis.__openentClosing ??= (async () => {
    const opening = globalThis.__openentDatabase;
    if (!opening) return;
    const handle = await opening.catch(() => undefined);
    await Promise.all((globalThis.__openentSchedulers ?? []).map((stop) => stop()));
    await handle?.close();
  })();
  return globalThis.__openentClosing;
}

function replicaSummary(replicas: ReplicaStatus[]): string {
  if (replicas.length === 0) return "";
  const up = replicas.filter((replica) => replica.state === "ok").length;
  const down = replicas.filter((replica) => replica.state !== "ok").map((replica) => `${replica.name} (${replica.state})`);
  return `, répliques en lecture : ${up}/${replicas.length}${down.length ? ` — hors service, lectures sur le primaire en attendant : ${down.join(", ")}` : ""}`;
}

/** What /metrics shows of the database: the pool, the mails waiting in the outbox, the replicas. */
export async function databaseGauges(): Promise<
  { pool: PoolStats; outboxBacklog: number; replicas: ReplicaStatus[]; reads: ReadCount[] } | undefined
> {
  const opening = globalThis.__openentDatabase;
  if (!opening) return undefined;
  const handle = await opening;
  const { count } = await handle.db
    .selectFrom("outbox_message")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
  return { pool: poolStats(handle), outboxBacklog: Number(count), replicas: handle.replicaStatus(), reads: handle.readCounts() };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
