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

/** Joins that keep only notifications about posts still visible. */
function visible(db: Db, memberId: number) {
  return db
    .selectFrom("notification as n")
    .innerJoin("post as p", "p.id", "n.post_id")
    .innerJoin("thread as t", "t.id", "n.thread_id")
    .where("n.recipient_id", "=", memberId)
    .where("p.deleted_at", "is", null)
    .where("p.hidden_at", "is", null)
    .where("t.deleted_at", "is", null);
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
  threadId: number;
  threadTitle: string;
  unread: boolean;
  count: number;
  kinds: NotificationKind[];
  /** Who wrote the latest post of the group. */
  latestActorName: string | null;
  latestAt: Date;
}

export const NOTIFICATION_GROUPS_PER_PAGE = 50;

/**
 * Newest first, grouped per thread (unread and read apart): "3 nouveaux messages dans …". One
 * query; the 50 most recent groups.
 */
export async function listNotificationGroups(db: Db, memberId: number): Promise<NotificationGroup[]> {
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
    ])
    .groupBy(["n.thread_id", "t.title", sql`n.read_at is null`])
    .orderBy(sql`max(n.created_at)`, "desc")
    .orderBy(sql`max(n.id)`, "desc")
    .limit(NOTIFICATION_GROUPS_PER_PAGE)
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count), openId: Number(r.openId), kinds: parseKinds(r.kinds) }));
}

/** PGlite and pg may hand an array of text back as a Postgres literal ("{a,b}"). */
function parseKinds(value: NotificationKind[] | string): NotificationKind[] {
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, "").split(",").filter(Boolean) as NotificationKind[];
}

/**
 * Opens a notification: marks it and every other unread notification of the member in that
 * thread read, and returns the post to show. Null when it is not theirs or no longer readable.
 */
export async function openNotification(db: Db, memberId: number, notificationId: number): Promise<{ postId: number } | null> {
  const target = await visible(db, memberId).select(["n.post_id", "n.thread_id"]).where("n.id", "=", notificationId).executeTakeFirst();
  if (!target) return null;
  const read = await db
    .updateTable("notification")
    .set({ read_at: sql<Date>`now()` })
    .where("recipient_id", "=", memberId)
    .where("thread_id", "=", target.thread_id)
    .where("read_at", "is", null)
    .executeTakeFirst();
  if (Number(read.numUpdatedRows) > 0) await notify(db, NOTIFICATIONS_CHANNEL, String(memberId));
  return { postId: target.post_id };
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
