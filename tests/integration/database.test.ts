import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { maskUrl, openDatabase, DatabaseStartupError, targetFromEnv } from "../../db/client";
import { migrateToLatest, migrationNames } from "../../db/migrate";
import { describeOnEachDatabase } from "./support/databases";

describeOnEachDatabase(
  "migrations",
  ({ current }) => {
    it("apply once, then report nothing to do", async () => {
      const first = await migrateToLatest(current().db);
      expect(first.results?.map((r) => r.status)).toContain("Success");
      const second = await migrateToLatest(current().db);
      expect(second.results).toEqual([]);
    });

    it("run one at a time when two processes start together", async (ctx) => {
      if (current().backend === "pglite") ctx.skip();
      const other = await current().openSecondHandle();
      const results = await Promise.all([migrateToLatest(current().db), migrateToLatest(other.db)]);
      expect(results.every((r) => r.error === undefined)).toBe(true);
      const applied = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(current().db);
      expect(applied.rows[0]?.n).toBe(migrationNames.length);
    });
  },
  { migrate: false },
);

describeOnEachDatabase("database values", ({ current }) => {
  it("returns counts and bigints as numbers, dates as ISO strings, on every backend", async () => {
    const result = await sql<{ n: number; big: number; day: string; at: Date }>`
      select count(*) as n, 9007199254740::bigint as big, date '2009-09-01' as day, now() as at
      from generate_series(1, 3)
    `.execute(current().db);
    const row = result.rows[0]!;
    expect(row.n).toBe(3);
    expect(row.big).toBe(9007199254740);
    expect(row.day).toBe("2009-09-01");
    expect(row.at).toBeInstanceOf(Date);
  });

  it("has the accent-insensitive French search configuration and trigrams", async () => {
    const result = await sql<{ stemmed: boolean; similar: number }>`
      select
        to_tsvector('french_unaccent', 'Les collèges équipés') @@ plainto_tsquery('french_unaccent', 'college equipe') as stemmed,
        similarity('generalisation', 'generalisaton') as similar
    `.execute(current().db);
    expect(result.rows[0]?.stemmed).toBe(true);
    expect(result.rows[0]?.similar).toBeGreaterThan(0.5);
  });
});

describe("connection errors", () => {
  it("name the unreachable server with its password masked, in one line", async () => {
    const error = await openDatabase({ kind: "server", url: "postgres://ent:s3cret@127.0.0.1:1/none" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseStartupError);
    const message = (error as Error).message;
    expect(message).toContain("postgres://ent:****@127.0.0.1:1/none");
    expect(message).not.toContain("s3cret");
    expect(message).not.toContain("\n");
  });

  it("choose the server only when DATABASE_URL is set", () => {
    expect(targetFromEnv({ DATABASE_URL: "postgres://x@h/db" })).toEqual({ kind: "server", url: "postgres://x@h/db", readUrls: [], maxReplicaLagMs: 5000 });
    expect(targetFromEnv({ DATABASE_URL: "postgres://x@h/db", DATABASE_READ_URL: "postgres://x@r1/db, postgres://x@r2/db", DATABASE_READ_MAX_LAG_MS: "2000" })).toEqual({
      kind: "server",
      url: "postgres://x@h/db",
      readUrls: ["postgres://x@r1/db", "postgres://x@r2/db"],
      maxReplicaLagMs: 2000,
    });
    expect(targetFromEnv({ DATA_DIR: "/tmp/somewhere" })).toEqual({ kind: "embedded", dataDir: "/tmp/somewhere" });
    expect(maskUrl("postgres://a:b@h/d")).toBe("postgres://a:****@h/d");
  });
});
