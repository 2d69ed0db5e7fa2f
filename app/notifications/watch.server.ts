import { sql, type Kysely, type Transaction } from "kysely";

import type { Database, WatchLevel } from "../../db/schema";
import { can } from "../auth/permissions";
import { threadPath } from "../forum/slug";
import type { Viewer } from "../forum/viewer";
import type { WatchTarget } from "./levels";

type Db = Kysely<Database> | Transaction<Database>;

const tables = {
  thread: { table: "thread_watch", column: "thread_id", target: "thread" },
  topic: { table: "topic_watch", column: "topic_id", target: "topic" },
  collectivite: { table: "collectivite_watch", column: "collectivite_id", target: "collectivite" },
} as const;

/** The member's level on a thread, thématique or collectivité; no row reads as normal. */
export async function watchLevelOf(db: Db, userId: number, target: WatchTarget, id: number): Promise<WatchLevel> {
  const { table, column } = tables[target];
  const row = await sql<{ level: WatchLevel }>`select level from ${sql.table(table)} where user_id = ${userId} and ${sql.ref(column)} = ${id}`.execute(db);
  return row.rows[0]?.level ?? "normal";
}

/** The member's level on a thread (no row: normal), as a subquery of the thread page's statement. */
export function threadWatchLevelQuery(db: Kysely<Database>, userId: number, threadId: number) {
  return db.selectFrom("thread_watch").select("level").where("user_id", "=", userId).where("thread_id", "=", threadId);
}

/**
 * Sets the member's level and returns the page of the target. Null when they may not watch or the
 * target does not exist (or, for a thread, was deleted): the caller answers 403/404.
 */
export async function setWatchLevel(db: Kysely<Database>, viewer: Viewer, target: WatchTarget, id: number, level: WatchLevel): Promise<string | null> {
  if (!can(viewer, "thread.watch")) return null;
  const path = await targetPath(db, target, id);
  if (path === null) return null;
  const { table, column } = tables[target];
  await sql`
    insert into ${sql.table(table)} (user_id, ${sql.ref(column)}, level)
    values (${viewer.id}, ${id}, ${level}::watch_level)
    on conflict (user_id, ${sql.ref(column)}) do update set level = excluded.level, updated_at = now()
  `.execute(db);
  return path;
}

async function targetPath(db: Kysely<Database>, target: WatchTarget, id: number): Promise<string | null> {
  if (target === "thread") {
    const thread = await db.selectFrom("thread").select(["id", "slug"]).where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
    return thread ? threadPath(thread) : null;
  }
  if (target === "topic") {
    const topic = await db.selectFrom("topic").select("slug").where("id", "=", id).executeTakeFirst();
    return topic ? `/thematiques/${topic.slug}` : null;
  }
  const collectivite = await db.selectFrom("collectivite").select("slug").where("id", "=", id).executeTakeFirst();
  return collectivite ? `/collectivites/${collectivite.slug}` : null;
}

/**
 * The default "authors watch their threads, repliers the threads they reply to": a watch row for
 * the author unless they already chose a level here, or turned that default off. One statement.
 */
export async function autoWatch(trx: Db, userId: number, threadId: number, reason: "own" | "replied"): Promise<void> {
  const preference = reason === "own" ? sql.ref("watch_own_threads") : sql.ref("watch_replied_threads");
  await sql`
    insert into thread_watch (user_id, thread_id, level)
    select ${userId}, ${threadId}, 'watching'::watch_level
    where coalesce((select ${preference} from notification_preference where user_id = ${userId}), true)
    on conflict (user_id, thread_id) do nothing
  `.execute(trx);
}
