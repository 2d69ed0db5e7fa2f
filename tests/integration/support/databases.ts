import { randomBytes } from "node:crypto";

import type { Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";

import { openDatabase, type DatabaseHandle } from "../../../db/client";
import { migrateToLatest } from "../../../db/migrate";
import type { Database } from "../../../db/schema";

/**
 * Integration tests run once per backend: an in-memory PGlite always, and the PostgreSQL server
 * named by TEST_DATABASE_URL when it is set. Each describe block gets a database of its own,
 * created fresh and dropped afterwards, so runs never see each other's rows.
 */

export type Backend = "pglite" | "postgresql";

export interface TestDatabase {
  backend: Backend;
  handle: DatabaseHandle;
  db: Kysely<Database>;
  /** Another handle on the same database (server only), to test concurrent processes. */
  openSecondHandle(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

export function backends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgresql"] : ["pglite"];
}

export async function createTestDatabase(backend: Backend, { migrate = true } = {}): Promise<TestDatabase> {
  if (backend === "pglite") {
    const handle = await openDatabase({ kind: "embedded", dataDir: "memory://" });
    if (migrate) await migrateToLatest(handle.db);
    return {
      backend,
      handle,
      db: handle.db,
      openSecondHandle: () => Promise.reject(new Error("PGlite is a single in-process connection")),
      dispose: () => handle.close(),
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `openent_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "server", url: url.toString() });
  if (migrate) await migrateToLatest(handle.db);
  const extra: DatabaseHandle[] = [];
  return {
    backend,
    handle,
    db: handle.db,
    async openSecondHandle() {
      const second = await openDatabase({ kind: "server", url: url.toString() });
      extra.push(second);
      return second;
    },
    async dispose() {
      await Promise.all([handle.close(), ...extra.map((h) => h.close())]);
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** `describe` once per backend, with a fresh migrated database for the block. */
export function describeOnEachDatabase(
  title: string,
  body: (ctx: { current: () => TestDatabase }) => void,
  options: { migrate?: boolean } = {},
): void {
  for (const backend of backends()) {
    describe(`${title} [${backend}]`, () => {
      let testDb: TestDatabase | undefined;
      beforeAll(async () => {
        testDb = await createTestDatabase(backend, options);
      });
      afterAll(async () => {
        await testDb?.dispose();
      });
      body({
        current: () => {
          if (!testDb) throw new Error("test database not ready");
          return testDb;
        },
      });
    });
  }
}
