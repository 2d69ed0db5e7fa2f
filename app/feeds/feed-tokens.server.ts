import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { can } from "../auth/permissions";
import { hashToken, newToken } from "../auth/tokens.server";
import type { Viewer } from "../forum/viewer";

/**
 * Personal feed tokens: one per member, random (256 bits), stored as their SHA-256 only and shown
 * once, when created. Regenerating replaces the old one (its URL stops working at once); revoking
 * deletes it. A token of a suspended member, or one that does not exist, finds nobody.
 */

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export async function feedTokenCreatedAt(db: Kysely<Database>, userId: number): Promise<Date | null> {
  const row = await db.selectFrom("feed_token").select("created_at").where("user_id", "=", userId).executeTakeFirst();
  return row ? new Date(row.created_at) : null;
}

/** Creates or replaces the member's token; the clear token is returned to be shown once. */
export async function regenerateFeedToken(db: Kysely<Database>, member: Viewer): Promise<string | null> {
  if (!can(member, "feed.personal")) return null;
  const token = newToken();
  await db
    .insertInto("feed_token")
    .values({ user_id: member.id, token_hash: hashToken(token) })
    .onConflict((oc) => oc.column("user_id").doUpdateSet((eb) => ({ token_hash: eb.ref("excluded.token_hash"), created_at: eb.fn<Date>("now") })))
    .execute();
  return token;
}

export async function revokeFeedToken(db: Kysely<Database>, userId: number): Promise<boolean> {
  const result = await db.deleteFrom("feed_token").where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The member a token belongs to, if it is well-formed, current, and its member may still read. */
export async function memberForFeedToken(db: Kysely<Database>, token: string): Promise<(Viewer & { displayName: string }) | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const row = await db
    .selectFrom("feed_token")
    .innerJoin("app_user", "app_user.id", "feed_token.user_id")
    .select(["app_user.id", "app_user.role", "app_user.status", "app_user.display_name as displayName"])
    .where("feed_token.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || !can(row, "feed.personal")) return null;
  return row;
}
