import type { Kysely, Transaction } from "kysely";

import type { Database } from "../../db/schema";

/**
 * What a member is told on their next visit (there is no notification system yet): a notice is
 * shown once, by the page that reads it, and marked seen by that same query.
 */

export async function addNotice(db: Kysely<Database> | Transaction<Database>, userId: number, body: string): Promise<void> {
  await db.insertInto("member_notice").values({ user_id: userId, body: body.slice(0, 2000) }).execute();
}

/** The member's unseen notices, oldest first, now marked seen (one query; none for most visits). */
export async function takeNotices(db: Kysely<Database>, userId: number): Promise<{ id: number; body: string }[]> {
  const rows = await db
    .updateTable("member_notice")
    .set({ seen_at: new Date() })
    .where("user_id", "=", userId)
    .where("seen_at", "is", null)
    .returning(["id", "body"])
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}
