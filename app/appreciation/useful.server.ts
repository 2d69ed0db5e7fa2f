import { sql, type Kysely, type RawBuilder, type SqlBool } from "kysely";

import type { Database } from "../../db/schema";
import { can } from "../auth/permissions";
import type { Viewer } from "../forum/viewer";

/**
 * "Utile" marks: a member finds a post useful, once, and may take it back. The primary key
 * (post, member) keeps one mark whatever the clicks; `post.useful_count` moves with each mark in
 * a trigger (migration 010), so concurrent clicks never lose or double a count.
 */

export type UsefulResult =
  | { ok: true; marked: boolean; count: number }
  | { ok: false; status: 400 | 403 | 404; message: string };

const refused: UsefulResult = { ok: false, status: 403, message: "Votre compte ne permet pas de marquer un message comme utile." };
const missing: UsefulResult = { ok: false, status: 404, message: "Ce message n'existe pas ou ne vous est pas accessible." };
const ownPost: UsefulResult = { ok: false, status: 400, message: "Vous ne pouvez pas marquer votre propre message comme utile." };

function validId(postId: number): boolean {
  return Number.isInteger(postId) && postId >= 1 && postId <= 2_147_483_647;
}

/** The post is readable by the viewer now (same rule as bookmarks and thread pages). */
function readableBy(viewer: Viewer): RawBuilder<SqlBool> {
  const hidden = can(viewer, "reports.handle") ? sql`true` : sql`post.hidden_at is null`;
  const visibility = can(viewer, "thread.readMembers") ? sql`true` : sql`thread.visibility = 'public'`;
  return sql<SqlBool>`(post.deleted_at is null and thread.deleted_at is null and ${hidden} and ${visibility})`;
}

async function readablePost(db: Kysely<Database>, viewer: Viewer, postId: number) {
  return db
    .selectFrom("post")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .select(["post.id", "post.author_id"])
    .where("post.id", "=", postId)
    .where(readableBy(viewer))
    .executeTakeFirst();
}

async function countOf(db: Kysely<Database>, postId: number): Promise<number> {
  const row = await db.selectFrom("post").select("useful_count").where("id", "=", postId).executeTakeFirstOrThrow();
  return row.useful_count;
}

/** Marks the post useful (idempotent: a second click, even at the same time, does nothing). */
export async function markUseful(db: Kysely<Database>, viewer: Viewer, postId: number): Promise<UsefulResult> {
  if (!can(viewer, "post.markUseful")) return refused;
  if (!validId(postId)) return missing;
  const post = await readablePost(db, viewer, postId);
  if (!post) return missing;
  if (post.author_id === viewer.id) return ownPost;
  await db
    .insertInto("useful_mark")
    .values({ post_id: postId, user_id: viewer.id })
    .onConflict((oc) => oc.columns(["post_id", "user_id"]).doNothing())
    .execute();
  return { ok: true, marked: true, count: await countOf(db, postId) };
}

/** Takes the member's mark back (nothing happens if there was none). */
export async function unmarkUseful(db: Kysely<Database>, viewer: Viewer, postId: number): Promise<UsefulResult> {
  if (!can(viewer, "post.markUseful")) return refused;
  if (!validId(postId)) return missing;
  if (!(await readablePost(db, viewer, postId))) return missing;
  await db.deleteFrom("useful_mark").where("post_id", "=", postId).where("user_id", "=", viewer.id).execute();
  return { ok: true, marked: false, count: await countOf(db, postId) };
}

export interface UsefulInfo {
  count: number;
  /** Names of the members who marked it, oldest mark first. */
  names: string[];
  /** The viewer marked it. */
  marked: boolean;
}

/**
 * The marks on these posts, oldest first (none for no post): a query of its own, or a part of the
 * thread page's single statement (app/forum/thread-view.server.ts).
 */
export function usefulMarksQuery(db: Kysely<Database>, postIds: number[]) {
  return db
    .selectFrom("useful_mark")
    .innerJoin("app_user", "app_user.id", "useful_mark.user_id")
    .select(["useful_mark.post_id", "useful_mark.user_id", "app_user.display_name"])
    .where((eb) => (postIds.length > 0 ? eb("useful_mark.post_id", "in", postIds) : eb.lit(false)))
    .orderBy("useful_mark.created_at")
    .orderBy("useful_mark.user_id");
}

/** The rows of `usefulMarksQuery` by post, with whether the viewer's own mark is among them. */
export function usefulInfoByPost(rows: { post_id: number; user_id: number; display_name: string }[], viewerId: number | null): Record<number, UsefulInfo> {
  const result: Record<number, UsefulInfo> = {};
  for (const row of rows) {
    const info = (result[row.post_id] ??= { count: 0, names: [], marked: false });
    info.count++;
    info.names.push(row.display_name);
    if (row.user_id === viewerId) info.marked = true;
  }
  return result;
}

/** Marks of a page's posts: one query, whatever the number of posts and marks. */
export async function usefulMarksFor(
  db: Kysely<Database>,
  viewerId: number | null,
  postIds: number[],
): Promise<Record<number, UsefulInfo>> {
  if (postIds.length === 0) return {};
  return usefulInfoByPost(await usefulMarksQuery(db, postIds).execute(), viewerId);
}
