import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { findThread } from "./threads.server";
import type { Viewer } from "./viewer";

/**
 * A merged thread's old id (`thread_redirect`, migration 024; app/moderation/thread-moves.server.ts):
 * the thread it went into, if this reader may see it; "sign-in" when only members may (a visitor
 * is not told the members-only thread's address); null when the id was never merged.
 */
export async function findMergedThread(db: Kysely<Database>, viewer: Viewer | null, oldThreadId: number): Promise<{ id: number; slug: string } | "sign-in" | null> {
  const row = await db.selectFrom("thread_redirect").select("target_thread_id").where("old_thread_id", "=", oldThreadId).executeTakeFirst();
  if (!row) return null;
  const found = await findThread(db, viewer, row.target_thread_id);
  if (found.status === "found") return { id: found.thread.id, slug: found.thread.slug };
  return found.status === "members-only" ? "sign-in" : null;
}
