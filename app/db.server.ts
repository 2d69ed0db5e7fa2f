import type { Kysely } from "kysely";

import { DatabaseStartupError, openDatabase, targetFromEnv, type DatabaseHandle } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import type { Database } from "../db/schema";
import { prepareEmbeddedDemo } from "../db/demo";
import { demoAccountsBanner } from "../db/demo-accounts";
import { startMailDelivery } from "./mail/delivery.server";
import { createTransport } from "./mail/transport.server";
import { startMaintenance } from "./security/maintenance.server";

/**
 * The app's one database handle. Kept on `globalThis` so that `remix dev` rebuilds, which
 * re-evaluate this module, reuse it: a second PGlite on the same directory would corrupt it.
 */
declare global {
  var __openentDatabase: Promise<DatabaseHandle> | undefined;
}

export function database(): Promise<DatabaseHandle> {
  globalThis.__openentDatabase ??= start();
  return globalThis.__openentDatabase;
}

export async function getDb(): Promise<Kysely<Database>> {
  return (await database()).db;
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
  const handle = await openDatabase(targetFromEnv());
  closeOnSignals(handle);
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
  const stopMailDelivery = startMailDelivery(handle.db, createTransport());
  const stopMaintenance = startMaintenance(handle.db);
  // Stop claiming messages (and cleaning up) before the database closes.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.prependOnceListener(signal, stopMailDelivery);
    process.prependOnceListener(signal, stopMaintenance);
  }
  console.log(`[openent] base de données prête : ${handle.label}`);
  return handle;
}

function closeOnSignals(handle: DatabaseHandle): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    handle
      .close()
      .catch((error: unknown) => console.error(`[openent] fermeture de la base : ${describe(error)}`))
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
