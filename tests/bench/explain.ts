import { parseArgs } from "node:util";

import { Kysely, PostgresDialect } from "kysely";

import { listPostsPage } from "../../app/forum/posts.server";
import { findThread } from "../../app/forum/threads.server";
import { listThreads } from "../../app/forum/list-threads.server";
import { openDatabase } from "../../db/client";
import type { Database } from "../../db/schema";

/**
 * `npx tsx tests/bench/explain.ts --database-url postgres://…`
 *
 * Prints `EXPLAIN (ANALYZE, BUFFERS)` for the queries the benchmarked pages run: the app's own
 * domain functions are called once with Kysely's query log on, and each captured statement is
 * explained with its real parameters (after one warm-up run), as the bench member sees it.
 */
const { values } = parseArgs({ options: { "database-url": { type: "string" } }, strict: true });
const url = values["database-url"] ?? process.env.DATABASE_URL;
if (!url) throw new Error("--database-url manquant");

const handle = await openDatabase({ kind: "server", url });
try {
  const captured: { label: string; sql: string; parameters: readonly unknown[] }[] = [];
  let label = "";
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: handle.pool }),
    log: (event) => {
      if (event.level === "query") captured.push({ label, sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  const member = await db.selectFrom("app_user").select(["id", "role", "status"]).where("email", "=", "banc-essai@charge.openent.test").executeTakeFirst();
  const viewer = member ?? (await db.selectFrom("app_user").select(["id", "role", "status"]).where("role", "=", "delegate").orderBy("id").executeTakeFirstOrThrow());
  const longThread = await db.selectFrom("thread").select("id").where("reply_count", ">=", 49).orderBy("reply_count", "desc").orderBy("id").executeTakeFirstOrThrow();
  const byUse = db
    .selectFrom("thread_collectivite")
    .select(["collectivite_id", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("collectivite_id");
  const busiest = await byUse.orderBy("n", "desc").orderBy("collectivite_id").executeTakeFirstOrThrow();
  const quietest = await byUse.orderBy("n", "asc").orderBy("collectivite_id").executeTakeFirstOrThrow();
  captured.length = 0;

  label = "Accueil : liste des fils";
  await listThreads(db, viewer, {}, null);
  label = `Fil n° ${longThread.id} : en-tête`;
  await findThread(db, viewer, longThread.id);
  label = `Fil n° ${longThread.id} : page 1 des messages`;
  await listPostsPage(db, longThread.id, 1);
  label = `Collectivité la plus citée (n° ${busiest.collectivite_id}, ${busiest.n} fils)`;
  await listThreads(db, viewer, { collectiviteId: busiest.collectivite_id }, null);
  label = `Collectivité la moins citée (n° ${quietest.collectivite_id}, ${quietest.n} fils)`;
  await listThreads(db, viewer, { collectiviteId: quietest.collectivite_id }, null);

  for (const query of captured) {
    await handle.pool.query(query.sql, [...query.parameters]);
    const { rows } = await handle.pool.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
    console.log(`\n### ${query.label}\n\n${query.sql}\n-- paramètres : ${JSON.stringify(query.parameters)}\n`);
    console.log(rows.map((r) => r["QUERY PLAN"]).join("\n"));
  }
} finally {
  await handle.close();
}
