import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { openDatabase, slowQueryThreshold } from "./client";

describe("slow-query log", () => {
  it("reports queries over the threshold with their SQL text, never the bound values", async () => {
    const slow: { sql: string; durationMs: number }[] = [];
    const handle = await openDatabase({ kind: "embedded", dataDir: "memory://" }, { slowQueryMs: 30, onSlowQuery: (query) => slow.push(query) });
    try {
      await sql`select ${"mot-de-passe-secret"}::text as value, pg_sleep(0.05)`.execute(handle.db);
      await sql`select ${"rapide"}::text as value`.execute(handle.db);
    } finally {
      await handle.close();
    }
    expect(slow).toHaveLength(1);
    expect(slow[0]!.sql).toBe("select $1::text as value, pg_sleep(0.05)");
    expect(slow[0]!.durationMs).toBeGreaterThanOrEqual(30);
    expect(JSON.stringify(slow)).not.toContain("mot-de-passe-secret");
  });

  it("reads SLOW_QUERY_MS, 200 ms by default", () => {
    expect(slowQueryThreshold({})).toBe(200);
    expect(slowQueryThreshold({ SLOW_QUERY_MS: "50" })).toBe(50);
    expect(slowQueryThreshold({ SLOW_QUERY_MS: "lent" })).toBe(200);
  });
});
