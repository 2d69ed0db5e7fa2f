import { sql, type Kysely, type RawBuilder, type SqlBool } from "kysely";

import type { Database } from "../../db/schema";
import { can } from "../auth/permissions";
import type { Viewer } from "../forum/viewer";
import { parseBookmarkForm, plainExcerpt, type BookmarkErrors } from "./bookmark-form";

/**
 * Bookmarks (signets): a member's private list of posts, each with an optional note and reminder
 * date. A bookmark outlives the post's readability: once the post is deleted (or its thread no
 * longer readable by the member), the list shows it as unavailable and never sends its text.
 */

export const BOOKMARKS_PER_PAGE = 50;
/** Pages are numbered; beyond this the list answers 404 rather than scanning further. */
export const MAX_BOOKMARK_PAGE = 200;

export type BookmarkResult = { ok: true; bookmarked: boolean } | { ok: false; status: 400 | 403 | 404; errors: BookmarkErrors };

const refused: BookmarkResult = { ok: false, status: 403, errors: { form: "Votre compte ne permet pas d'ajouter des signets." } };
const missing: BookmarkResult = { ok: false, status: 404, errors: { form: "Ce message n'existe pas ou ne vous est pas accessible." } };

/**
 * Whether the viewer may read the post now: neither it nor its thread deleted, not hidden by
 * moderation (moderators still read hidden posts), and its thread public or the viewer a member.
 */
function readableBy(viewer: Viewer): RawBuilder<SqlBool> {
  const hidden = can(viewer, "reports.handle") ? sql`true` : sql`post.hidden_at is null`;
  const visibility = can(viewer, "thread.readMembers") ? sql`true` : sql`thread.visibility = 'public'`;
  return sql<SqlBool>`(post.deleted_at is null and thread.deleted_at is null and ${hidden} and ${visibility})`;
}

async function isReadable(db: Kysely<Database>, viewer: Viewer, postId: number): Promise<boolean> {
  if (!Number.isInteger(postId) || postId < 1 || postId > 2_147_483_647) return false;
  const row = await db
    .selectFrom("post")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .select("post.id")
    .where("post.id", "=", postId)
    .where(readableBy(viewer))
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds a bookmark (idempotent: the unique (member, post) keeps one, whatever the clicks). */
export async function addBookmark(
  db: Kysely<Database>,
  viewer: Viewer,
  postId: number,
  values: { note: string; remindOn: string } = { note: "", remindOn: "" },
): Promise<BookmarkResult> {
  if (!can(viewer, "post.bookmark")) return refused;
  const parsed = parseBookmarkForm(values);
  if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors };
  if (!(await isReadable(db, viewer, postId))) return missing;
  await db
    .insertInto("bookmark")
    .values({ user_id: viewer.id, post_id: postId, note: parsed.input.note, remind_on: parsed.input.remindOn })
    .onConflict((oc) => oc.columns(["user_id", "post_id"]).doNothing())
    .execute();
  return { ok: true, bookmarked: true };
}

/** Removes the member's bookmark on a post, readable or not any more. */
export async function removeBookmark(db: Kysely<Database>, viewer: Viewer, postId: number): Promise<BookmarkResult> {
  if (!can(viewer, "post.bookmark")) return refused;
  if (!Number.isInteger(postId) || postId < 1 || postId > 2_147_483_647) return missing;
  await db.deleteFrom("bookmark").where("user_id", "=", viewer.id).where("post_id", "=", postId).execute();
  return { ok: true, bookmarked: false };
}

/** Changes the note and reminder date of one of the member's own bookmarks. */
export async function updateBookmark(
  db: Kysely<Database>,
  viewer: Viewer,
  postId: number,
  values: { note: string; remindOn: string },
): Promise<BookmarkResult> {
  if (!can(viewer, "post.bookmark")) return refused;
  const parsed = parseBookmarkForm(values);
  if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors };
  if (!Number.isInteger(postId) || postId < 1 || postId > 2_147_483_647) return missing;
  const result = await db
    .updateTable("bookmark")
    .set({ note: parsed.input.note, remind_on: parsed.input.remindOn, updated_at: sql<Date>`now()` })
    .where("user_id", "=", viewer.id)
    .where("post_id", "=", postId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ok: true, bookmarked: true } : missing;
}

/** Which of these posts the member has bookmarked: one query for a whole thread page. */
export async function bookmarkedPostIds(db: Kysely<Database>, userId: number, postIds: number[]): Promise<number[]> {
  if (postIds.length === 0) return [];
  const rows = await bookmarksAmongQuery(db, userId, postIds).execute();
  return rows.map((r) => r.post_id);
}

/** The member's bookmarks among these posts (none for no post); also part of the thread page's statement. */
export function bookmarksAmongQuery(db: Kysely<Database>, userId: number, postIds: number[]) {
  return db
    .selectFrom("bookmark")
    .select("post_id")
    .where("user_id", "=", userId)
    .where((eb) => (postIds.length > 0 ? eb("post_id", "in", postIds) : eb.lit(false)));
}

export interface BookmarkView {
  postId: number;
  note: string | null;
  remindOn: string | null;
  /** The reminder date has come. */
  due: boolean;
  createdAt: Date;
  /** Null when the member can no longer read the post: nothing of it is sent. */
  post: { threadId: number; threadSlug: string; threadTitle: string; authorName: string; excerpt: string } | null;
}

/**
 * The member's bookmarks: due reminders first (oldest reminder first), then newest first. One
 * query per page; the post's text is selected only when the member may read it.
 */
export async function listBookmarks(
  db: Kysely<Database>,
  viewer: Viewer,
  page = 1,
): Promise<{ bookmarks: BookmarkView[]; hasNext: boolean }> {
  if (!can(viewer, "post.bookmark")) return { bookmarks: [], hasNext: false };
  const readable = readableBy(viewer);
  const due = sql<boolean>`(bookmark.remind_on is not null and bookmark.remind_on <= current_date)`;
  const rows = await db
    .selectFrom("bookmark")
    .innerJoin("post", "post.id", "bookmark.post_id")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .innerJoin("app_user as author", "author.id", "post.author_id")
    .select([
      "bookmark.post_id as postId",
      "bookmark.note",
      "bookmark.remind_on as remindOn",
      "bookmark.created_at as createdAt",
      due.as("due"),
      readable.as("readable"),
      sql<number | null>`case when ${readable} then thread.id end`.as("threadId"),
      sql<string | null>`case when ${readable} then thread.slug end`.as("threadSlug"),
      sql<string | null>`case when ${readable} then thread.title end`.as("threadTitle"),
      sql<string | null>`case when ${readable} then author.display_name end`.as("authorName"),
      sql<string | null>`case when ${readable} then left(post.body_markdown, 600) end`.as("markdown"),
    ])
    .where("bookmark.user_id", "=", viewer.id)
    .orderBy(sql`case when ${due} then 0 else 1 end`)
    .orderBy(sql`case when ${due} then bookmark.remind_on end`)
    .orderBy("bookmark.created_at", "desc")
    .orderBy("bookmark.id", "desc")
    .offset((page - 1) * BOOKMARKS_PER_PAGE)
    .limit(BOOKMARKS_PER_PAGE + 1)
    .execute();
  const bookmarks = rows.slice(0, BOOKMARKS_PER_PAGE).map((r) => ({
    postId: r.postId,
    note: r.note,
    remindOn: r.remindOn,
    due: Boolean(r.due),
    createdAt: r.createdAt,
    post:
      r.readable && r.threadId !== null && r.threadSlug !== null && r.threadTitle !== null && r.authorName !== null && r.markdown !== null
        ? { threadId: r.threadId, threadSlug: r.threadSlug, threadTitle: r.threadTitle, authorName: r.authorName, excerpt: plainExcerpt(r.markdown) }
        : null,
  }));
  return { bookmarks, hasNext: rows.length > BOOKMARKS_PER_PAGE };
}
