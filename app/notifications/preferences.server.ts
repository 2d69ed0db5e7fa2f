import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { defaultPreferences, type NotificationPreferences } from "./levels";

export async function findNotificationPreferences(db: Kysely<Database>, userId: number): Promise<NotificationPreferences> {
  const row = await db
    .selectFrom("notification_preference")
    .select(["watch_own_threads", "watch_replied_threads", "email_frequency", "email_direct_only"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return { ...defaultPreferences };
  return {
    watchOwnThreads: row.watch_own_threads,
    watchRepliedThreads: row.watch_replied_threads,
    emailFrequency: row.email_frequency,
    emailDirectOnly: row.email_direct_only,
  };
}

export async function saveNotificationPreferences(db: Kysely<Database>, userId: number, preferences: NotificationPreferences): Promise<void> {
  const values = {
    watch_own_threads: preferences.watchOwnThreads,
    watch_replied_threads: preferences.watchRepliedThreads,
    email_frequency: preferences.emailFrequency,
    email_direct_only: preferences.emailDirectOnly,
  };
  await db
    .insertInto("notification_preference")
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

/** One-click unsubscribe: no more notification e-mail (the in-app notifications stay). */
export async function stopNotificationEmail(db: Kysely<Database>, userId: number): Promise<void> {
  await db
    .insertInto("notification_preference")
    .values({ user_id: userId, email_frequency: "never" })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ email_frequency: "never", updated_at: new Date() }))
    .execute();
}
