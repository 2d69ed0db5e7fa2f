import type { Kysely } from "kysely";

import type { Database } from "./schema";

/**
 * The installation's small key-value state (table `app_state`, migration 005): facts such as "the
 * demo was seeded" or "the demo was removed", and later the site settings. Values are JSON objects.
 */
export async function readAppState(db: Kysely<Database>, key: string): Promise<Record<string, unknown> | null> {
  const row = await db.selectFrom("app_state").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value ?? null;
}

/** Merges `patch` into the value stored under `key` (creating it). */
export async function mergeAppState(db: Kysely<Database>, key: string, patch: Record<string, unknown>): Promise<void> {
  const current = (await readAppState(db, key)) ?? {};
  const value = JSON.stringify({ ...current, ...patch });
  await db
    .insertInto("app_state")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: new Date() }))
    .execute();
}
