import { sql, type Kysely } from "kysely";

import { notify } from "../../db/notify";
import type { Database, NotificationKind } from "../../db/schema";
import { NOTIFICATIONS_CHANNEL } from "./create.server";

/**
 * A member's notifications as the app shows them. Only what they may still read: a notification
 * whose post was since deleted or hidden, or whose thread was deleted, is left out everywhere
 * (recipients were checked when it was created; suspended members cannot sign in).
 */

type Db = Kysely<Database>;

/**
 * Joins that keep only notifications about posts still visible, and event notifications (no post)
 * whose thread, if they have one, still exists. A moderation act on the member's own post stays:
 * its sentence says what happened, whatever became of the post.
 */
function visible(db: Db, memberId: number) {
  return db
    .selectFrom("notification as n")
    .leftJoin("post as p", "p.id", "n.post_id")
    .leftJoin("thread as t", "t.id", "n.thread_id")
    .where("n.recipient_id", "=", memberId)
    .where((eb) =>
      eb.or([
        eb.and([eb("n.post_id", "is not", null), eb("p.deleted_at", "is", null), eb("p.hidden_at", "is", null), eb("t.deleted_at", "is", null)]),
        eb.and([eb("n.post_id", "is", null), eb.or([eb("n.kind", "=", "moderation"), eb("t.deleted_at", "is", null)])]),
      ]),
    );
}

/** The header's count: one query on the partial index of unread notifications. */
export async function unreadNotificationCount(db: Db, memberId: number): Promise<number> {
  const row = await visible(db, memberId)
    .where("n.read_at", "is", null)
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface NotificationGroup {
  /** The notification to open: the earliest of the group (its post is where reading starts). */
  openId: number;
  /** Null for a warning. */
  threadId: number | null;
  threadTitle: string | null;
  /** An event notification's own sentence (a group of one); null for posts. */
  detail: string | null;
  unread: boolean;
  count: number;
  kinds: NotificationKind[];
  /** Who wrote the latest post of the group. */
  latestActorName: string | null;
  latestAt: Date;
}

export const NOTIFICATION_GROUPS_PER_PAGE = 50;

/**
 * Newest first, posts grouped per thread (unread and read apart): "3 nouveaux messages dans …";
 * each event notification is a group of its own. One query; 50 groups a page (`page` from 1).
 */
export async function listNotificationGroups(db: Db, memberId: number, page = 1): Promise<NotificationGroup[]> {
  const rows = await visible(db, memberId)
    .leftJoin("app_user as actor", "actor.id", "n.actor_id")
    .select([
      "n.thread_id as threadId",
      "t.title as threadTitle",
      sql<boolean>`n.read_at is null`.as("unread"),
      sql<number>`count(*)`.as("count"),
      sql<number>`min(n.id)`.as("openId"),
      sql<NotificationKind[]>`array_agg(distinct n.kind)`.as("kinds"),
      sql<string | null>`(array_agg(actor.display_name order by n.id desc))[1]`.as("latestActorName"),
      sql<Date>`max(n.created_at)`.as("latestAt"),
      sql<string | null>`max(n.detail)`.as("detail"),
    ])
    .groupBy(["n.thread_id", "t.title", sql`n.read_at is null`, sql`case when n.post_id is null then n.id end`])
    .orderBy(sql`max(n.created_at)`, "desc")
    .orderBy(sql`max(n.id)`, "desc")
    .limit(NOTIFICATION_GROUPS_PER_PAGE + 1)
    .offset((page - 1) * NOTIFICATION_GROUPS_PER_PAGE)
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count), openId: Number(r.openId), kinds: parseKinds(r.kinds) }));
}

/** PGlite and pg may hand an array of text back as a Postgres literal ("{a,b}"). */
function parseKinds(value: NotificationKind[] | string): NotificationKind[] {
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, "").split(",").filter(Boolean) as NotificationKind[];
}

/**
 * Opens a notification: marks it read (a post's: with every other unread post notification of the
 * member in that thread) and returns where to go: the post's permalink, or the event's own path.
 * Null when it is not theirs or no longer readable.
 */
export async function openNotification(db: Db, memberId: number, notificationId: number): Promise<{ path: string } | null> {
  const target = await visible(db, memberId).select(["n.id", "n.post_id", "n.thread_id", "n.link"]).where("n.id", "=", notificationId).executeTakeFirst();
  if (!target) return null;
  const postId = target.post_id;
  const read = await db
    .updateTable("notification")
    .set({ read_at: sql<Date>`now()` })
    .where("recipient_id", "=", memberId)
    .where("read_at", "is", null)
    .where((eb) =>
      postId === null || target.thread_id === null
        ? eb("id", "=", target.id)
        : eb.and([eb("thread_id", "=", target.thread_id), eb("post_id", "is not", null)]),
    )
    .executeTakeFirst();
  if (Number(read.numUpdatedRows) > 0) await notify(db, NOTIFICATIONS_CHANNEL, String(memberId));
  return { path: postId !== null ? `/messages/${postId}` : safeLink(target.link) };
}

/** An event's path was written by the app; still, only a local path is ever followed. */
function safeLink(link: string | null): string {
  return link !== null && /^\/(?![/\\])[^\s]*$/.test(link) ? link : "/notifications";
}

export async function markAllNotificationsRead(db: Db, memberId: number): Promise<number> {
  const result = await db
    .updateTable("notification")
    .set({ read_at: sql<Date>`now()` })
    .where("recipient_id", "=", memberId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  const count = Number(result.numUpdatedRows);
  // Other tabs of the member update their header count.
  if (count > 0) await notify(db, NOTIFICATIONS_CHANNEL, String(memberId));
  return count;
}
