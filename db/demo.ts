import type { Kysely } from "kysely";

import { recordAudit } from "../app/audit/audit-log.server";
import { mergeAppState, readAppState } from "./app-state";
import { demoAccounts, seedDemoAccounts } from "./demo-accounts";
import { seedDemoForum } from "./demo-forum";
import type { Database } from "./schema";
import { isEmpty, seedDemo } from "./seed";

/**
 * The embedded demo's life cycle, recorded in `app_state` under "demo":
 * - the first start on an empty embedded database seeds the demo content, accounts and threads,
 *   and records `seededAt`; later starts never seed again (a changed password stays changed, a
 *   removed account stays removed);
 * - `npm run demo:remove` removes the demo accounts and threads and records `removedAt`.
 */

const KEY = "demo";

export type DemoStatus = "seeded" | "kept" | "removed";

export async function prepareEmbeddedDemo(db: Kysely<Database>): Promise<{ status: DemoStatus; accountsPresent: boolean }> {
  const state = await readAppState(db, KEY);
  let status: DemoStatus;
  if (state?.removedAt) status = "removed";
  else if (state?.seededAt) status = "kept";
  else if (await isEmpty(db)) {
    await seedDemo(db);
    await seedDemoAccounts(db);
    await seedDemoForum(db);
    await mergeAppState(db, KEY, { seededAt: new Date().toISOString() });
    status = "seeded";
  } else {
    // A database from before this state was recorded: its demo, if any, was seeded long ago.
    await mergeAppState(db, KEY, { seededAt: new Date().toISOString(), note: "already present" });
    status = "kept";
  }
  return { status, accountsPresent: (await demoAccountIds(db)).length > 0 };
}

async function demoAccountIds(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom("app_user")
    .select("id")
    .where("email", "in", demoAccounts.map((a) => a.email))
    .where("password_hash", "not like", "!%")
    .execute();
  return rows.map((r) => r.id);
}

export interface DemoRemoval {
  threads: number;
  deleted: number;
  /** Accounts still referenced by other members' content or the journal: suspended, password disabled. */
  retired: number;
}

/**
 * Removes the demo: every thread started by a demo account (with its posts, whoever wrote them),
 * then the demo accounts. An account still referenced elsewhere (a reply in a member's thread, a
 * journal entry) cannot be deleted without rewriting that record: it is suspended and its
 * password disabled instead. Records that the demo must never come back. Running it twice is
 * harmless. One journal entry per run that changed something.
 */
export async function removeDemo(db: Kysely<Database>): Promise<DemoRemoval> {
  const ids = await demoAccountIds(db);
  const result: DemoRemoval = { threads: 0, deleted: 0, retired: 0 };
  if (ids.length > 0) {
    const threads = await db.deleteFrom("thread").where("author_id", "in", ids).executeTakeFirst();
    result.threads = Number(threads.numDeletedRows);
    for (const id of ids) {
      try {
        await db.transaction().execute((trx) => trx.deleteFrom("app_user").where("id", "=", id).execute());
        result.deleted += 1;
      } catch {
        await db
          .updateTable("app_user")
          .set({ status: "suspended", password_hash: "!demo-removed" })
          .where("id", "=", id)
          .execute();
        await db.deleteFrom("user_session").where("user_id", "=", id).execute();
        result.retired += 1;
      }
    }
    await recordAudit(db, { actorId: null, action: "demo.removed", details: { ...result } });
  }
  await mergeAppState(db, KEY, { removedAt: new Date().toISOString() });
  return result;
}
