import { parseArgs } from "node:util";

import { Kysely, PostgresDialect } from "kysely";

import { loadSearchPage } from "../../app/search/search-page.server";
import { readSearchRequest } from "../../app/search/search-params";
import { openDatabase } from "../../db/client";
import type { Database } from "../../db/schema";

/**
 * `npx tsx tests/bench/explain-search.ts --database-url postgres://… [--visitor] "visioconférence" "audit accessibilité RGAA"`
 *
 * Runs the search page's queries (`loadSearchPage`, as a member, or a visitor with `--visitor`)
 * and prints `EXPLAIN (ANALYZE, BUFFERS)` of the results statement, with its real parameters,
 * after one warm-up run, in a transaction set up as the page sets it (jit off).
 */
const { values, positionals } = parseArgs({
  options: { "database-url": { type: "string" }, visitor: { type: "boolean", default: false } },
  allowPositionals: true,
  strict: true,
});
const url = values["database-url"] ?? process.env.DATABASE_URL;
if (!url) throw new Error("--database-url manquant");

const handle = await openDatabase({ kind: "server", url });
try {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: handle.pool }),
    log: (event) => {
      if (event.level === "query") captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const viewer = values.visitor
    ? null
    : await db.selectFrom("app_user").select(["id", "role", "status"]).where("role", "=", "delegate").orderBy("id").executeTakeFirstOrThrow();
  for (const q of positionals) {
    const request = readSearchRequest(new URLSearchParams({ q }));
    await loadSearchPage(db, viewer, request);
    captured.length = 0;
    const started = performance.now();
    const page = await loadSearchPage(db, viewer, request);
    const elapsed = performance.now() - started;
    const results = captured.find((query) => /with\s+(matches|ids)\b/i.test(query.sql));
    console.log(`\n### « ${q} » (${viewer ? "membre" : "visiteur"}): ${page.total} fils${page.capped ? " (plafonné)" : ""}, page en ${elapsed.toFixed(1)} ms\n`);
    if (!results) continue;
    const client = await handle.pool.connect();
    try {
      await client.query("begin read only");
      await client.query("set local jit = off");
      const { rows } = await client.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${results.sql}`, [...results.parameters]);
      await client.query("rollback");
      console.log(rows.map((r) => r["QUERY PLAN"]).join("\n"));
    } finally {
      client.release();
    }
  }
} finally {
  await handle.close();
}
