import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { database } from "../db.server";
import { NOTIFICATIONS_CHANNEL } from "../notifications/create.server";
import { unreadNotificationCount } from "../notifications/notifications.server";
import { DEFAULT_LIMITS, LiveHub, type LiveLimits, type MemberEvents } from "./hub.server";

/**
 * The process's one live hub, on the app's database handle. Kept on `globalThis` like the handle,
 * so `remix dev` rebuilds reuse it (and its LISTENs).
 */

declare global {
  var __openentLiveHub: Promise<LiveHub> | undefined;
  var __openentLiveHubReady: LiveHub | undefined;
}

/** LIVE_MAX_CONNECTIONS: server-sent-event streams per app process (default 500). */
export function liveLimits(env: Record<string, string | undefined> = process.env): LiveLimits {
  const total = Number(env.LIVE_MAX_CONNECTIONS);
  return { ...DEFAULT_LIMITS, total: Number.isInteger(total) && total > 0 ? total : DEFAULT_LIMITS.total };
}

/** The current number of posts of each thread: one query. */
export async function threadPostCounts(db: Kysely<Database>, threadIds: number[]): Promise<Map<number, number>> {
  if (threadIds.length === 0) return new Map();
  const rows = await db.selectFrom("thread").select(["id", "reply_count"]).where("id", "in", threadIds).where("deleted_at", "is", null).execute();
  return new Map(rows.map((row) => [row.id, row.reply_count + 1]));
}

/**
 * Member-scoped events: the header's unread count, pushed when notifications are created for a
 * member or read by them (another tab), and to every open stream after a gap.
 */
export function memberEvents(db: Kysely<Database>): MemberEvents {
  return {
    channel: NOTIFICATIONS_CHANNEL,
    event: "notifications",
    data: async (memberId) => ({ unread: await unreadNotificationCount(db, memberId) }),
  };
}

export function liveHub(): Promise<LiveHub> {
  globalThis.__openentLiveHub ??= (async () => {
    const handle = await database();
    const hub = new LiveHub({
      notifications: handle.notifications,
      threadPostCounts: (ids) => threadPostCounts(handle.db, ids),
      memberEvents: memberEvents(handle.db),
      limits: liveLimits(),
      log: (message) => console.error(message),
    });
    await hub.start();
    globalThis.__openentLiveHubReady = hub;
    return hub;
  })();
  return globalThis.__openentLiveHub;
}

/** Shutdown, first step: end every stream now (the HTTP server then drains without waiting for them). */
export function endLiveStreams(): void {
  globalThis.__openentLiveHubReady?.endAll();
}

/** Shutdown, before the database closes: stop listening. */
export async function stopLiveHub(): Promise<void> {
  const hub = await globalThis.__openentLiveHub?.catch(() => undefined);
  await hub?.close();
}
