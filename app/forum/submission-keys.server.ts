import { randomBytes } from "node:crypto";

import { sql, type Kysely, type Transaction } from "kysely";

import type { Database } from "../../db/schema";

/**
 * One-time submission keys. Every form that creates something (a thread, a reply) carries a random
 * key generated when the form is rendered; the creating transaction claims it first. A second
 * submission with the same key (a double click, a resent POST, three at once) waits for the first
 * transaction on the primary key, then finds the key taken and gets back what the first created.
 */

export const SUBMISSION_KEY_FIELD = "submissionKey";

export function newSubmissionKey(): string {
  return randomBytes(18).toString("base64url");
}

/** A key as this module writes them; anything else counts as no key (the submission is not deduplicated). */
export function readSubmissionKey(value: string): string | null {
  return /^[A-Za-z0-9_-]{16,64}$/.test(value) ? value : null;
}

export type Claim = { claimed: true } | { claimed: false; threadId: number | null; postId: number | null };

/** Claims the key inside the creating transaction; if it was already used, what it created. */
export async function claimSubmissionKey(trx: Transaction<Database>, userId: number, key: string): Promise<Claim> {
  const inserted = await trx
    .insertInto("submission_key")
    .values({ user_id: userId, key })
    .onConflict((oc) => oc.columns(["user_id", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  if (inserted) return { claimed: true };
  const row = await trx.selectFrom("submission_key").select(["thread_id", "post_id"]).where("user_id", "=", userId).where("key", "=", key).executeTakeFirstOrThrow();
  return { claimed: false, threadId: row.thread_id, postId: row.post_id };
}

/** Remembers what the claimed key created, in the same transaction. */
export async function recordSubmission(trx: Transaction<Database>, userId: number, key: string, created: { threadId: number; postId: number }): Promise<void> {
  await trx.updateTable("submission_key").set({ thread_id: created.threadId, post_id: created.postId }).where("user_id", "=", userId).where("key", "=", key).execute();
}

/** Keys older than a day protect nothing any more; called from the periodic maintenance task. */
export async function purgeSubmissionKeys(db: Kysely<Database>): Promise<number> {
  const result = await db.deleteFrom("submission_key").where("created_at", "<", sql<Date>`now() - interval '1 day'`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
