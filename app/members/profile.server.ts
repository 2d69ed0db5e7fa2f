import { sql, type Kysely } from "kysely";

import type { Database, Role, ThreadKind, UserStatus } from "../../db/schema";
import { can } from "../auth/permissions";
import { plainExcerpt } from "../bookmarks/bookmark-form";
import { decodeCursor, encodeCursor } from "../forum/cursor";
import { canReadMembers } from "../forum/threads.server";
import type { Viewer } from "../forum/viewer";

/**
 * Member profiles (`/membres/:id`). Members (observers and up) see the full profile: role,
 * collectivité, dates, bio, counts, threads and replies. Visitors see nothing, unless the member
 * made their profile public: then only name, collectivité, role and public threads. Listings show
 * only what the viewer may read: never deleted posts, members-only threads only to members.
 */

const MAX_INTEGER = 2_147_483_647;
export const PROFILE_PAGE_SIZE = 20;

export interface MemberProfile {
  id: number;
  displayName: string;
  role: Role;
  collectivite: { name: string; slug: string } | null;
  /** False for a visitor's view of a public profile: nothing below is filled. */
  full: boolean;
  handle: string | null;
  status: UserStatus;
  createdAt: Date | null;
  /** "YYYY-MM-DD" in Paris time: last seen to the day only, and only for members. */
  lastSeenOn: string | null;
  bioHtml: string | null;
  publicProfile: boolean;
  /** What the viewer may read of the member's writing. */
  threadCount: number;
  replyCount: number;
  /** "Utile" marks received on the posts the viewer may read. */
  usefulReceived: number;
}

/** The profile as this viewer may see it; undefined when it does not exist or is not for them. */
export async function findMemberProfile(db: Kysely<Database>, viewer: Viewer | null, id: number): Promise<MemberProfile | undefined> {
  if (!Number.isInteger(id) || id < 1 || id > MAX_INTEGER) return undefined;
  const full = can(viewer, "member.profile");
  const members = canReadMembers(viewer);
  const row = await db
    .selectFrom("app_user")
    .leftJoin("collectivite", "collectivite.id", "app_user.collectivite_id")
    .select([
      "app_user.id",
      "app_user.display_name as displayName",
      "app_user.handle",
      "app_user.role",
      "app_user.status",
      "app_user.created_at as createdAt",
      "app_user.bio_html as bioHtml",
      "app_user.public_profile as publicProfile",
      sql<string | null>`to_char(app_user.last_seen_at at time zone 'Europe/Paris', 'YYYY-MM-DD')`.as("lastSeenOn"),
      "collectivite.name as collectiviteName",
      "collectivite.slug as collectiviteSlug",
      sql<number>`(select count(*) from thread where thread.author_id = app_user.id and thread.deleted_at is null and thread.unlisted_at is null ${members ? sql`` : sql`and thread.visibility = 'public'`})`.as(
        "threadCount",
      ),
      sql<number>`(select count(*) from post join thread on thread.id = post.thread_id
        where post.author_id = app_user.id and post.position > 1 and post.deleted_at is null and post.hidden_at is null
        and thread.deleted_at is null and thread.unlisted_at is null
        ${members ? sql`` : sql`and thread.visibility = 'public'`})`.as("replyCount"),
      sql<number>`(select coalesce(sum(post.useful_count), 0) from post join thread on thread.id = post.thread_id
        where post.author_id = app_user.id and post.useful_count > 0 and post.deleted_at is null and post.hidden_at is null
        and thread.deleted_at is null and thread.unlisted_at is null
        ${members ? sql`` : sql`and thread.visibility = 'public'`})`.as("usefulReceived"),
    ])
    .where("app_user.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!full && !(row.publicProfile && row.status === "active")) return undefined;
  const collectivite = row.collectiviteName !== null && row.collectiviteSlug !== null ? { name: row.collectiviteName, slug: row.collectiviteSlug } : null;
  const base = { id: row.id, displayName: row.displayName, role: row.role, collectivite, status: row.status, publicProfile: row.publicProfile };
  if (!full) {
    return { ...base, full: false, handle: null, createdAt: null, lastSeenOn: null, bioHtml: null, threadCount: Number(row.threadCount), replyCount: 0, usefulReceived: 0 };
  }
  return {
    ...base,
    full: true,
    handle: row.handle,
    createdAt: row.createdAt,
    lastSeenOn: row.lastSeenOn,
    bioHtml: row.bioHtml,
    threadCount: Number(row.threadCount),
    replyCount: Number(row.replyCount),
    usefulReceived: Number(row.usefulReceived),
  };
}

export interface ProfileThread {
  id: number;
  slug: string;
  title: string;
  kind: ThreadKind;
  createdAt: Date;
  replyCount: number;
}

export interface ProfileReply {
  id: number;
  position: number;
  createdAt: Date;
  threadId: number;
  threadSlug: string;
  threadTitle: string;
  excerpt: string;
}

function keyset(cursorParam: string | null, column: "thread" | "post") {
  const cursor = decodeCursor(cursorParam);
  return cursor ? sql<boolean>`(${sql.ref(`${column}.created_at`)}, ${sql.ref(`${column}.id`)}) < (${cursor.at}::timestamptz, ${cursor.id})` : null;
}

function nextCursor<T extends { id: number; createdAt: Date }>(rows: T[], limit: number): string | null {
  const last = rows[limit - 1];
  return rows.length > limit && last ? encodeCursor({ at: new Date(last.createdAt).toISOString(), id: last.id }) : null;
}

/** The threads the member opened, newest first, one keyset page (one query). */
export async function listMemberThreads(
  db: Kysely<Database>,
  viewer: Viewer | null,
  userId: number,
  cursorParam: string | null,
  limit = PROFILE_PAGE_SIZE,
): Promise<{ threads: ProfileThread[]; nextCursor: string | null }> {
  let query = db
    .selectFrom("thread")
    .select(["thread.id", "thread.slug", "thread.title", "thread.kind", "thread.created_at as createdAt", "thread.reply_count as replyCount"])
    .where("thread.author_id", "=", userId)
    // Gone with their only post, or unlisted by moderators (reachable by link, not listed).
    .where("thread.deleted_at", "is", null)
    .where("thread.unlisted_at", "is", null);
  if (!canReadMembers(viewer)) query = query.where("thread.visibility", "=", "public");
  const after = keyset(cursorParam, "thread");
  if (after) query = query.where(after);
  const rows = await query.orderBy("thread.created_at", "desc").orderBy("thread.id", "desc").limit(limit + 1).execute();
  return { threads: rows.slice(0, limit), nextCursor: nextCursor(rows, limit) };
}

/** The member's replies (not deleted), newest first, one keyset page (one query). Members only. */
export async function listMemberReplies(
  db: Kysely<Database>,
  viewer: Viewer | null,
  userId: number,
  cursorParam: string | null,
  limit = PROFILE_PAGE_SIZE,
): Promise<{ replies: ProfileReply[]; nextCursor: string | null }> {
  if (!can(viewer, "member.profile")) return { replies: [], nextCursor: null };
  let query = db
    .selectFrom("post")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .select([
      "post.id",
      "post.position",
      "post.created_at as createdAt",
      "thread.id as threadId",
      "thread.slug as threadSlug",
      "thread.title as threadTitle",
      sql<string>`left(post.body_markdown, 600)`.as("markdown"),
    ])
    .where("post.author_id", "=", userId)
    .where("post.position", ">", 1)
    .where("post.deleted_at", "is", null)
    // Hidden by moderation, or in a thread gone or unlisted: not listed on a profile.
    .where("post.hidden_at", "is", null)
    .where("thread.deleted_at", "is", null)
    .where("thread.unlisted_at", "is", null);
  if (!canReadMembers(viewer)) query = query.where("thread.visibility", "=", "public");
  const after = keyset(cursorParam, "post");
  if (after) query = query.where(after);
  const rows = await query.orderBy("post.created_at", "desc").orderBy("post.id", "desc").limit(limit + 1).execute();
  const replies = rows.slice(0, limit).map(({ markdown, ...reply }) => ({ ...reply, excerpt: plainExcerpt(markdown) }));
  return { replies, nextCursor: nextCursor(rows, limit) };
}
